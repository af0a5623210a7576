package dev.callingest.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.internal.RawResponse;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

/**
 * {@link UploadErrorDecoder#isFailure}, which skips parsing a body without the literal {@code
 * false}, gives the verdict of the full parse it skips on every body.
 */
class UploadErrorDecoderTest {
  private static final String[] PIECES = {
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    " ",
    "\"success\"",
    "\"succ\\u0065ss\"",
    "\"error\"",
    "\"batch_id\"",
    "\"b1\"",
    "\"false\"",
    "false",
    "FALSE",
    "False",
    "fAlSe",
    "fals",
    "true",
    "null",
    "0",
    "{\"code\":\"QUOTA\",\"message\":\"no\"}",
    "\"status\":\"queued\""
  };

  @Test
  void skipsTheParseOnlyWhereItCouldNotFindAFailure() {
    Random random = new Random(24);
    int failures = 0;
    for (int n = 0; n < 100_000; n++) {
      String body = n % 2 == 0 ? envelope(random) : compose(random, 10);
      RawResponse raw = response(body);
      boolean parsed = Boolean.FALSE.equals(UploadErrorDecoder.parse(raw.body()).success);
      assertThat(UploadErrorDecoder.isFailure(raw)).as("isFailure(%s)", body).isEqualTo(parsed);
      if (parsed) failures++;
    }
    assertThat(failures).as("failures among the samples").isGreaterThan(1_000);
  }

  @Test
  void readsTheDocumentedAnswers() {
    assertThat(
            UploadErrorDecoder.isFailure(
                response(
                    "{\"success\":true,\"batch_id\":\"b1\",\"calls_submitted\":1,"
                        + "\"status\":\"queued\"}")))
        .isFalse();
    assertThat(
            UploadErrorDecoder.isFailure(
                response("{\"success\":false,\"error\":{\"code\":\"QUOTA\",\"message\":\"no\"}}")))
        .isTrue();
    assertThat(UploadErrorDecoder.isFailure(response("{\"note\":\"false\",\"success\":true}")))
        .isFalse();
    assertThat(UploadErrorDecoder.mayHoldFalse(bytes("fAlSe"))).isTrue();
    assertThat(UploadErrorDecoder.mayHoldFalse(bytes("fals"))).isFalse();
    assertThat(UploadErrorDecoder.mayHoldFalse(bytes(""))).isFalse();
  }

  private static String envelope(Random random) {
    return "{\"success\":"
        + PIECES[random.nextInt(PIECES.length)]
        + (random.nextBoolean() ? ",\"batch_id\":" + PIECES[random.nextInt(PIECES.length)] : "")
        + "}";
  }

  private static String compose(Random random, int max) {
    StringBuilder text = new StringBuilder();
    for (int i = random.nextInt(max + 1); i > 0; i--) {
      text.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return text.toString();
  }

  private static RawResponse response(String body) {
    return new RawResponse(200, Headers.of(), bytes(body), 1);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
