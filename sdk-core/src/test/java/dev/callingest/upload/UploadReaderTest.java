package dev.callingest.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.JsonDataException;
import dev.callingest.analysis.internal.UnexpectedJsonException;
import dev.callingest.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link UploadReader} reads what the Moshi adapters of {@link UploadJson} (the reading the client
 * used before) read: the same values for every body Moshi accepts, and never a value for a body
 * Moshi refuses.
 */
class UploadReaderTest {
  private static final String[] TEXTS = {
    "a",
    "crm-call-7",
    "completed",
    "processing",
    "failed",
    "ünïcödé",
    "日本語",
    "emoji 😀",
    "quote \" and \\ backslash",
    "tab\tnew\nline",
    "",
    " "
  };

  @Test
  void readsTheDocumentsStatusAndReceipt() throws IOException {
    BatchStatus status = UploadReader.status(utf8(Fixtures.STATUS)).build();
    assertThat(status).isEqualTo(Fixtures.parse(UploadJson.STATUS, Fixtures.STATUS));
    assertThat(status.calls()).hasSize(2);
    assertThat(status.submittedAt()).contains(Instant.parse("2025-01-15T16:00:00Z"));

    SubmissionReceipt receipt = UploadReader.receipt(utf8(Fixtures.RECEIPT)).build();
    assertThat(receipt).isEqualTo(Fixtures.parse(UploadJson.RECEIPT, Fixtures.RECEIPT));
    assertThat(receipt.batchId()).isEqualTo("batch_abc123");
  }

  @Test
  void randomStatusesReadAsMoshiReadsThem() throws IOException {
    Random random = new Random(24);
    for (int i = 0; i < 3_000; i++) {
      byte[] body = utf8(randomStatus(random));
      BatchStatus moshi =
          Fixtures.parse(UploadJson.STATUS, new String(body, StandardCharsets.UTF_8));
      assertThat(UploadReader.status(body).build())
          .as(new String(body, StandardCharsets.UTF_8))
          .isEqualTo(moshi);
    }
  }

  @Test
  void mutatedStatusesAreNeverReadWhereMoshiRefusesThem() throws IOException {
    Random random = new Random(25);
    int read = 0;
    int refused = 0;
    for (int i = 0; i < 10_000; i++) {
      byte[] body = mutate(random, utf8(randomStatus(random)));
      BatchStatus moshi;
      try {
        moshi = Json.fromBytes(UploadJson.STATUS, body);
      } catch (IOException | JsonDataException | IllegalStateException e) {
        moshi = null;
      }
      BatchStatus ours;
      try {
        ours = UploadReader.status(body).build();
      } catch (IOException | IllegalStateException e) {
        ours = null;
      }
      String shown = new String(body, StandardCharsets.UTF_8);
      if (ours != null) {
        assertThat(moshi).as("Moshi refused what we read: %s", shown).isNotNull();
        assertThat(ours).as(shown).isEqualTo(moshi);
        read++;
      } else {
        refused++;
      }
    }
    assertThat(read).isGreaterThan(1_000);
    assertThat(refused).isGreaterThan(1_000);
  }

  @Test
  void aBadDateNamesItsPath() {
    byte[] body =
        utf8(
            "{\"batch_id\":\"b1\",\"status\":\"completed\",\"calls\":[{\"external_id\":\"a\","
                + "\"status\":\"completed\"},{\"external_id\":\"b\",\"status\":\"completed\","
                + "\"processed_at\":\"yesterday\"}]}");
    assertThatThrownBy(() -> UploadReader.status(body))
        .isInstanceOf(UnexpectedJsonException.class)
        .hasMessage(
            "expected an ISO 8601 date-time with offset but was 'yesterday' at"
                + " $.calls[1].processed_at");
  }

  @Test
  void missingRequiredFieldsAreRefusedForEveryCallOfAReusedBuilder() {
    byte[] secondCallWithoutId =
        utf8(
            "{\"batch_id\":\"b1\",\"status\":\"completed\",\"calls\":[{\"external_id\":\"a\","
                + "\"status\":\"completed\"},{\"status\":\"completed\"}]}");
    assertThatThrownBy(() -> UploadReader.status(secondCallWithoutId))
        .isInstanceOf(UnexpectedJsonException.class)
        .hasMessage("external_id is missing at $.calls[1]");
    assertThatThrownBy(() -> UploadReader.receipt(utf8("{\"success\":true,\"calls_submitted\":2}")))
        .isInstanceOf(UnexpectedJsonException.class)
        .hasMessage("batch_id is missing at $");
  }

  @Test
  void optionalFieldsOfOneCallDoNotLeakIntoTheNext() throws IOException {
    BatchStatus status =
        UploadReader.status(
                utf8(
                    "{\"batch_id\":\"b1\",\"status\":\"partial\",\"calls\":[{\"external_id\":\"a\","
                        + "\"status\":\"failed\",\"aila_call_id\":\"x\",\"progress\":\"p\","
                        + "\"processed_at\":\"2025-01-15T16:03:00Z\",\"error\":\"boom\"},"
                        + "{\"external_id\":\"b\",\"status\":\"processing\"}]}"))
            .build();
    assertThat(status.calls().get(1))
        .isEqualTo(CallStatus.builder().externalId("b").rawStatus("processing").build());
  }

  @Test
  void aNullErrorMessageIsAbsent() throws IOException {
    // The Moshi adapter refused {"message": null} (it skipped a name where a value was).
    BatchStatus status =
        UploadReader.status(
                utf8(
                    "{\"batch_id\":\"b1\",\"status\":\"failed\",\"calls\":[{\"external_id\":\"a\","
                        + "\"status\":\"failed\",\"error\":{\"message\":null,\"code\":7}}]}"))
            .build();
    assertThat(status.calls().get(0).errorMessage()).isEmpty();
  }

  @Test
  void trailingContentIsRefused() {
    assertThatThrownBy(() -> UploadReader.receipt(utf8("{\"batch_id\":\"b\"} x")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Unexpected content after the JSON value");
  }

  private static String randomStatus(Random random) {
    StringBuilder json = new StringBuilder("{");
    json.append("\"batch_id\":").append(quoted(random));
    json.append(",\"status\":").append(quoted(random));
    if (random.nextBoolean()) json.append(",\"submitted_at\":").append(time(random));
    if (random.nextBoolean()) json.append(",\"total_calls\":").append(random.nextInt(1000));
    if (random.nextBoolean())
      json.append(",\"processed\":\"").append(random.nextInt(9)).append('"');
    if (random.nextBoolean()) json.append(",\"failed\":").append(random.nextInt(9)).append(".0");
    if (random.nextBoolean()) json.append(",\"pending\":null");
    if (random.nextBoolean()) json.append(",\"region\":{\"name\":[1,true,null,\"eu\"]}");
    json.append(",\"calls\":[");
    int calls = random.nextInt(6);
    for (int i = 0; i < calls; i++) {
      if (i > 0) json.append(',');
      json.append("{\"external_id\":").append(quoted(random));
      json.append(",\"status\":").append(quoted(random));
      if (random.nextBoolean()) json.append(",\"aila_call_id\":").append(quoted(random));
      if (random.nextBoolean()) json.append(",\"processed_at\":").append(time(random));
      if (random.nextBoolean()) json.append(",\"progress\":").append(quoted(random));
      switch (random.nextInt(5)) {
        case 0 -> json.append(",\"error\":").append(quoted(random));
        case 1 -> json.append(",\"error\":{\"message\":").append(quoted(random)).append('}');
        case 2 -> json.append(",\"error_message\":").append(quoted(random));
        case 3 -> json.append(",\"error\":").append(random.nextBoolean() ? "true" : "12.5");
        default -> json.append(",\"error\":null");
      }
      if (random.nextBoolean()) json.append(",\"unknown\":{\"a\":[]}");
      json.append('}');
    }
    return json.append("]}").toString();
  }

  private static String time(Random random) {
    String[] times = {
      "\"2025-01-15T16:03:00Z\"",
      "\"2025-01-15T16:03:00.123+02:00\"",
      "\"2024-02-29T23:59:59-05:30\"",
      "\"2025-01-15T16:03Z\"",
      "null"
    };
    return times[random.nextInt(times.length)];
  }

  private static String quoted(Random random) {
    String text = TEXTS[random.nextInt(TEXTS.length)];
    if (text.isBlank()) text = "x" + text;
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append(random.nextBoolean() ? "\\n" : "\\u000a");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static byte[] mutate(Random random, byte[] body) {
    int at = random.nextInt(body.length + 1);
    byte[] interesting = utf8("{}[]:,\"\\ 0129-.etnx");
    byte b = interesting[random.nextInt(interesting.length)];
    switch (random.nextInt(3)) {
      case 0 -> {
        return java.util.Arrays.copyOf(body, at);
      }
      case 1 -> {
        byte[] out = new byte[body.length + 1];
        System.arraycopy(body, 0, out, 0, at);
        out[at] = b;
        System.arraycopy(body, at, out, at + 1, body.length - at);
        return out;
      }
      default -> {
        byte[] out = body.clone();
        if (at < out.length) out[at] = b;
        return out;
      }
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
