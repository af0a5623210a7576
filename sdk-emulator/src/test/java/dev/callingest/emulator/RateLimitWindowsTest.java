package dev.callingest.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The emulator's limits are sliding windows over what it recorded: a client pacing with fixed
 * windows, or counting refused requests as free, must be able to fail against it.
 */
class RateLimitWindowsTest {
  private static final String KEY = "k";
  private final MovableClock clock = new MovableClock(Instant.parse("2026-01-15T10:00:00Z"));
  private Emulator emulator;

  @AfterEach
  void tearDown() {
    if (emulator != null) emulator.close();
  }

  private HttpResponse<String> upload(String... ids) throws Exception {
    StringBuilder calls = new StringBuilder();
    for (String id : ids) {
      if (calls.length() > 0) calls.append(',');
      calls
          .append("{\"external_id\":\"")
          .append(id)
          .append("\",\"audio_url\":\"https://example.com/")
          .append(id)
          .append(
              ".mp3\",\"user_email\":\"agent@company.com\",\"call_date\":\"2025-01-15T14:30:00Z\","
                  + "\"direction\":\"outbound\",\"duration\":350}");
    }
    return TestHttp.post(
        emulator.uploadBaseUrl() + "/v1/calls/batch-upload",
        "{\"calls\":[" + calls + "]}",
        "Authorization",
        "Bearer " + KEY);
  }

  @Test
  void uploadBatchesCountInASlidingHourFromWhenTheyWereRecorded() throws Exception {
    emulator =
        Emulator.builder()
            .uploadApiKey(KEY)
            .allStages(Duration.ofMillis(1))
            .uploadLimits(2, 10_000, 10)
            .clock(clock)
            .build()
            .start();
    clock.advance(Duration.ofMinutes(50));
    assertThat(upload("a").statusCode()).isEqualTo(200); // 10:50
    clock.advance(Duration.ofMinutes(5));
    assertThat(upload("b").statusCode()).isEqualTo(200); // 10:55

    clock.advance(Duration.ofMinutes(10)); // 11:05: a new clock hour, but not a new sliding one
    HttpResponse<String> refused = upload("c");

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).contains("2700"); // until 11:50
    clock.advance(Duration.ofMinutes(45));
    assertThat(upload("c").statusCode()).isEqualTo(200);
  }

  @Test
  void refusedUploadsDoNotCount() throws Exception {
    emulator =
        Emulator.builder()
            .uploadApiKey(KEY)
            .allStages(Duration.ofMinutes(5))
            .uploadLimits(2, 3, 1)
            .clock(clock)
            .build()
            .start();
    assertThat(upload("bad id", "bad id").statusCode()).isEqualTo(400); // duplicated in the batch
    assertThat(upload("a").statusCode()).isEqualTo(200);
    assertThat(upload("b").statusCode()).isEqualTo(429); // concurrent limit of 1: not recorded

    assertThat(emulator.batches()).hasSize(1);
    // Only "a" counts: one batch of one call is left of the hour's 2 batches and 3 calls.
    assertThat(upload("c", "d", "e").statusCode()).isEqualTo(429);
  }

  @Test
  void partnerRequestsCountInASlidingMinute() throws Exception {
    emulator =
        Emulator.builder()
            .partnerCredentials("k", "s", "t1", "st1")
            .callbackDelay(Duration.ofMinutes(5))
            .partnerRequestsPerMinute(2)
            .clock(clock)
            .build()
            .start();
    clock.advance(Duration.ofSeconds(50));
    assertThat(partner("c1").statusCode()).isEqualTo(200);
    assertThat(partner("c2").statusCode()).isEqualTo(200);

    clock.advance(Duration.ofSeconds(15)); // the next clock minute
    assertThat(partner("c3").statusCode()).isEqualTo(429);
    clock.advance(Duration.ofSeconds(45)); // a minute after the first two
    assertThat(partner("c3").statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> partner(String callId) throws Exception {
    String item =
        "{\"call\":{\"id\":\""
            + callId
            + "\",\"recording_url\":\"https://example.com/r/"
            + callId
            + ".mp3\",\"start_time\":\"2023-01-01T10:00:00Z\",\"end_time\":\"2023-01-01T10:30:00Z\","
            + "\"contact_number\":\"+1234567890\"},"
            + "\"agent\":{\"id\":\"agent123\",\"email\":\"agent@example.com\",\"name\":\"John Doe\"},"
            + "\"customer\":{\"id\":\"customer123\",\"name\":\"Jane Smith\",\"disposition_status\":\"interested\"},"
            + "\"industry\":\"Technology\",\"function\":\"Sales\"}";
    return TestHttp.post(
        emulator.partnerBaseUrl() + "/partner/ingest/batch-call",
        "{\"data\":[" + item + "]}",
        "x-api-key",
        "k",
        "x-api-secret",
        "s",
        "x-tenant-id",
        "t1",
        "x-sub-tenant-id",
        "st1");
  }

  /** A clock the test moves by hand. */
  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
