package dev.callingest.examples.differential;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import dev.callingest.ClientOptions;
import dev.callingest.ServerValidationException;
import dev.callingest.emulator.Emulator;
import dev.callingest.upload.CallDirection;
import dev.callingest.upload.UploadBatch;
import dev.callingest.upload.UploadCall;
import dev.callingest.upload.UploadClient;
import dev.callingest.upload.UploadCredentials;
import dev.callingest.upload.UploadPacing;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The SDK's Upload validation and the emulator's, written apart from the same document, must agree
 * on every call: a call the SDK refuses would be refused by the API, and a call the SDK lets
 * through must not come back as a validation error. Every value of every category (ids and blanks,
 * URLs, emails, times, durations) is first tried alone in an otherwise valid call, then random
 * calls mix them. A call the SDK accepts is submitted through the SDK, so the emulator judges
 * exactly the bytes the SDK writes; a call it refuses is sent as plain JSON, as a client without
 * validation would send it.
 */
class UploadValidationDifferentialTest {
  static final String[] IDS = {
    "c-%d",
    "",
    "   ",
    "\u00A0",
    "\u3000\u2003",
    "\uFEFF",
    "\u2028",
    "\u200B%d",
    "\u001C%d",
    "c-%d-" + "x".repeat(300),
    "c-%d-\uD83D\uDE00"
  };
  static final String[] AUDIO = {
    "https://rec.example.com/a.mp3",
    "http://rec.example.com/a.wav",
    "s3://bucket-1/calls/a.mp3",
    "s3://bucket-1",
    "s3://bucket-1/",
    "ftp://rec.example.com/a.mp3",
    "rec.example.com/a.mp3",
    "",
    "https:///a.mp3",
    "HTTPS://REC.EXAMPLE.COM/A.MP3",
    "https://rec.example.com/a b.mp3",
    "s3://legacy_bucket/a.mp3",
    "https://:8080/call.mp3",
    "s3://:8080/call.mp3",
    "http://:80/a.mp3",
    "https://rec.example.com:65536/a.mp3",
    "https://rec.example.com:65535/a.mp3",
    "https://rec.example.com:0/a.mp3",
    "https://rec.example.com:/a.mp3",
    "https://rec.example.com:8o/a.mp3",
    "https://recordings..example.com/a.mp3",
    "https://.example.com/a.mp3",
    "https://rec.example.com./a.mp3",
    "https://rec.example.com../a.mp3",
    "https://[2001:db8::1]/a.mp3",
    "https://[2001:db8::1]:8443/a.mp3",
    "https://[2001:db8::1/a.mp3",
    "https://[1::2::3]/a.mp3",
    "https://256.1.1.1/a.mp3",
    "https://10.0.0.1/a.mp3",
    "https://1.2.3/a.mp3",
    "https://user:pw@rec.example.com/a.mp3",
    "https://rec.example.com/a.mp3?X-Amz-Signature=abc&X-Amz-Expires=3600",
    " https://rec.example.com/a.mp3",
    "https://rec.example.com/a.mp3 ",
    "https://rec.example.com/a\u00A0b.mp3",
    "https://bücher.example/a.mp3",
    "https://rec_1.example.com/a.mp3",
    "https://exa!mple.com/a.mp3",
    "https://" + "l".repeat(63) + ".example.com/a.mp3",
    "https://" + "l".repeat(64) + ".example.com/a.mp3",
    "https://rec.example.com/%E2%82%AC.mp3",
    "https://-rec.example.com/a.mp3",
    "https://rec-.example.com/a.mp3",
    "https://rec.-example.com/a.mp3",
    "https://rec.example-/a.mp3",
    "https://re-c.example.com/a.mp3",
    "https://xn--bcher-kva.example/a.mp3",
    "s3://bucket-1:443/a.mp3",
    "s3://bucket-1:/a.mp3",
    "s3://bucket-1:x/a.mp3",
    "s3://-bucket/a.mp3",
    "s3://bucket-/a.mp3"
  };
  static final String[] EMAILS = {
    "agent@example.com",
    "agent@",
    "agent@example",
    "a b@example.com",
    "",
    "\u00A0",
    "first.last+x@sub.example.co",
    "a..b@example.com",
    ".a@example.com",
    "a.@example.com",
    "a@example.c",
    "a@example.co",
    "l".repeat(64) + "@example.com",
    "l".repeat(65) + "@example.com",
    "a@[127.0.0.1]",
    "a@127.0.0.1",
    "a@localhost",
    "\"john doe\"@example.com",
    "\"unclosed@example.com",
    "ägent@exämple.de",
    "ivo@例え.テスト",
    "a@under_score.com",
    "a@-x.com",
    "a@example.com.",
    "a@example..com",
    "\uD83D\uDE00@example.com",
    "a@xn--p1ai.xn--p1ai",
    "a@b@example.com",
    "a@" + "d".repeat(63) + ".com",
    "a@" + "d".repeat(64) + ".com"
  };
  static final String[] CONTACT_EMAILS = {
    null, "x@example.org", "bad", "x..y@example.org", "x@example.o"
  };
  static final String[] DATES = {
    "2025-01-15T14:30:00Z",
    "+10000-01-01T00:00:00Z",
    "0000-06-01T00:00:00Z",
    "-0001-01-01T00:00:00Z",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "2025-01-15T14:30:00+05:30:45",
    "1900-05-01T12:00:00+00:19:32",
    "9999-12-31T23:59:59-00:00:30",
    "0001-01-01T00:00:00+00:00:30",
    "2025-01-15T14:30:05.123456789-08:00",
    "2025-01-15T14:30:00+18:00"
  };
  static final Long[] DURATIONS = {null, 350L, 1L, 0L, -5L};

  @Test
  void theSdkAndTheEmulatorJudgeEveryCallAlike() throws Exception {
    Random random = new Random(2026);
    List<Map<String, Object>> cases = new ArrayList<>();
    int n = 0;
    // Each value alone in an otherwise valid call, then random mixtures.
    for (String id : IDS)
      cases.add(call(n++, id, AUDIO[0], EMAILS[0], DATES[0], null, null, random));
    for (String audio : AUDIO)
      cases.add(call(n++, IDS[0], audio, EMAILS[0], DATES[0], null, null, random));
    for (String email : EMAILS)
      cases.add(call(n++, IDS[0], AUDIO[0], email, DATES[0], null, null, random));
    for (String date : DATES)
      cases.add(call(n++, IDS[0], AUDIO[0], EMAILS[0], date, null, null, random));
    for (String contact : CONTACT_EMAILS)
      cases.add(call(n++, IDS[0], AUDIO[0], EMAILS[0], DATES[0], contact, null, random));
    for (Long duration : DURATIONS)
      cases.add(call(n++, IDS[0], AUDIO[0], EMAILS[0], DATES[0], null, duration, random));
    while (cases.size() < 600) {
      cases.add(
          call(
              n++,
              pick(random, IDS),
              pick(random, AUDIO),
              pick(random, EMAILS),
              pick(random, DATES),
              pick(random, CONTACT_EMAILS),
              DURATIONS[random.nextInt(4) > 0 ? 0 : random.nextInt(DURATIONS.length)],
              random));
    }

    List<String> disagreements = new ArrayList<>();
    int accepted = 0;
    int refused = 0;
    HttpClient http = HttpClient.newHttpClient();
    var json = new Moshi.Builder().build().adapter(Object.class);
    ExecutorService pool =
        Executors.newFixedThreadPool(8); // the requests mostly wait on the network
    try (Emulator emulator =
            Emulator.builder()
                .uploadLimits(1_000_000, 1_000_000, 1_000_000)
                .allStages(Duration.ofMillis(1))
                .build()
                .start();
        UploadClient client =
            UploadClient.builder()
                .options(
                    ClientOptions.builder()
                        .baseUrl(emulator.uploadBaseUrl())
                        .credentials(UploadCredentials.of(emulator.uploadApiKey()))
                        .maxRetries(0)
                        .build())
                .pacing(UploadPacing.DISABLED)
                .build()) {
      List<Callable<String[]>> judgements = new ArrayList<>();
      for (Map<String, Object> call : cases) {
        judgements.add(
            () -> {
              UploadBatch batch = UploadBatch.of(List.of(sdkCall(call)));
              boolean sdkAccepts = client.validate(batch).isEmpty();
              boolean emulatorAccepts;
              String answer;
              if (sdkAccepts) {
                // Through the SDK: the emulator judges the bytes the SDK really writes.
                try {
                  answer = client.submit(batch).batchId();
                  emulatorAccepts = true;
                } catch (ServerValidationException e) {
                  answer = e.getMessage();
                  emulatorAccepts = false;
                }
              } else {
                String body = json.toJson(Map.of("calls", List.of(call)));
                HttpResponse<String> response =
                    http.send(
                        HttpRequest.newBuilder(
                                URI.create(emulator.uploadBaseUrl() + "/v1/calls/batch-upload"))
                            .header("Authorization", "Bearer " + emulator.uploadApiKey())
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                        HttpResponse.BodyHandlers.ofString());
                emulatorAccepts = response.statusCode() == 200;
                if (!emulatorAccepts) assertThat(response.body()).contains("VALIDATION_ERROR");
                answer = response.body();
              }
              return new String[] {
                Boolean.toString(sdkAccepts),
                Boolean.toString(emulatorAccepts),
                call + " -> " + answer
              };
            });
      }
      for (Future<String[]> judgement : pool.invokeAll(judgements)) {
        String[] verdict = judgement.get();
        boolean sdkAccepts = Boolean.parseBoolean(verdict[0]);
        boolean emulatorAccepts = Boolean.parseBoolean(verdict[1]);
        if (sdkAccepts && emulatorAccepts) accepted++;
        if (!sdkAccepts && !emulatorAccepts) refused++;
        if (sdkAccepts != emulatorAccepts) {
          disagreements.add(
              (sdkAccepts ? "SDK accepts, emulator refuses: " : "SDK refuses, emulator accepts: ")
                  + verdict[2]);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    System.out.printf(
        "Upload differential: %d cases, %d accepted by both, %d refused by both, %d disagreements%n",
        cases.size(), accepted, refused, disagreements.size());
    assertThat(disagreements).isEmpty();
    // Both verdicts must be common, or agreement would prove little.
    assertThat(accepted).isGreaterThanOrEqualTo(150);
    assertThat(refused).isGreaterThanOrEqualTo(150);
  }

  /** One call as JSON-ready values; {@code call_date} as java.time writes it, without the SDK. */
  private static Map<String, Object> call(
      int n,
      String id,
      String audio,
      String email,
      String date,
      String contactEmail,
      Long duration,
      Random random) {
    Map<String, Object> call = new LinkedHashMap<>();
    call.put("external_id", id.contains("%d") ? String.format(id, n) : id);
    call.put("audio_url", audio);
    call.put("user_email", email);
    call.put(
        "call_date", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.parse(date)));
    if (contactEmail != null) call.put("contact_email", contactEmail);
    if (duration != null) call.put("duration", duration);
    if (random.nextBoolean()) call.put("direction", random.nextBoolean() ? "inbound" : "outbound");
    if (random.nextBoolean())
      call.put("metadata", Map.of("campaign", "Q1", "seats", 12, "renewal", true));
    return call;
  }

  /** The first value (a valid one) three times in four, else any: so both verdicts are common. */
  private static <T> T pick(Random random, T[] values) {
    return values[random.nextInt(4) > 0 ? 0 : random.nextInt(values.length)];
  }

  private static UploadCall sdkCall(Map<String, Object> call) {
    UploadCall.Builder builder =
        UploadCall.builder()
            .externalId((String) call.get("external_id"))
            .audioUrl((String) call.get("audio_url"))
            .userEmail((String) call.get("user_email"))
            .callDate(OffsetDateTime.parse((String) call.get("call_date")));
    if (call.containsKey("contact_email")) builder.contactEmail((String) call.get("contact_email"));
    if (call.containsKey("duration")) builder.durationSeconds((Long) call.get("duration"));
    if (call.containsKey("direction")) {
      builder.direction(
          call.get("direction").equals("inbound") ? CallDirection.INBOUND : CallDirection.OUTBOUND);
    }
    if (call.containsKey("metadata")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> metadata = (Map<String, Object>) call.get("metadata");
      metadata.forEach(
          (key, value) -> {
            if (value instanceof Boolean) builder.putMetadata(key, (boolean) (Boolean) value);
            else if (value instanceof Number)
              builder.putMetadata(key, ((Number) value).longValue());
            else builder.putMetadata(key, (String) value);
          });
    }
    return builder.build();
  }
}
