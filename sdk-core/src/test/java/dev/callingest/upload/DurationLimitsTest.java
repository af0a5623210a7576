package dev.callingest.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callingest.ClientOptions;
import dev.callingest.FakeTime;
import dev.callingest.RequestOptions;
import dev.callingest.bulk.ImportReport;
import dev.callingest.internal.DurationLimits;
import dev.callingest.partner.PartnerPacing;
import dev.callingest.preflight.PreflightOptions;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * Every duration setting takes the largest value the SDK can represent and refuses one beyond it,
 * naming the setting: timeouts go to OkHttp in int milliseconds, waits are added to instants and
 * turned into nanoseconds.
 */
class DurationLimitsTest {
  static final Duration LONGEST_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);
  static final Duration LONGEST_WAIT = Duration.ofDays(36_500);

  @StartStop final MockWebServer server = new MockWebServer();
  final FakeTime time = new FakeTime();

  @Test
  void theLongestValuesWorkEndToEnd() throws Exception {
    ClientOptions options =
        Fixtures.options(server, time)
            .connectTimeout(LONGEST_TIMEOUT)
            .readTimeout(LONGEST_TIMEOUT)
            .writeTimeout(LONGEST_TIMEOUT)
            .callTimeout(LONGEST_TIMEOUT)
            .deadline(LONGEST_WAIT)
            .backoff(LONGEST_WAIT, LONGEST_WAIT)
            .maxRetryAfter(LONGEST_WAIT)
            .build();
    UploadPacing pacing =
        UploadPacing.builder()
            .window(LONGEST_WAIT)
            .maxWait(LONGEST_WAIT)
            .inFlightExpiry(LONGEST_WAIT)
            .unknownOutcomeHold(LONGEST_WAIT)
            .build();
    server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "1").build());
    server.enqueue(new MockResponse.Builder().code(200).body(Fixtures.RECEIPT).build());
    server.enqueue(new MockResponse.Builder().code(200).body(Fixtures.RECEIPT).build());
    RequestOptions overrides =
        RequestOptions.builder()
            .connectTimeout(LONGEST_TIMEOUT)
            .readTimeout(LONGEST_TIMEOUT)
            .writeTimeout(LONGEST_TIMEOUT)
            .callTimeout(LONGEST_TIMEOUT)
            .deadline(LONGEST_WAIT)
            .build();

    try (UploadClient client = Fixtures.client(options, pacing)) {
      // Retried after the 503 (within the longest deadline), the per-request timeouts applied.
      assertThat(client.submit(Fixtures.batch(2), overrides).batchId()).isEqualTo("batch_abc123");
      ImportReport report =
          client
              .importer(
                  WaitOptions.builder()
                      .interval(LONGEST_WAIT, LONGEST_WAIT)
                      .timeout(LONGEST_WAIT)
                      .build())
              .waitForProcessing(false)
              .retryBudget(LONGEST_WAIT)
              .build()
              .run(List.of(Fixtures.call("c1")).iterator());
      assertThat(report.accepted()).isEqualTo(1);
    }
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void oneBeyondIsRefusedNamingTheSetting() {
    Duration timeout = LONGEST_TIMEOUT.plusMillis(1);
    Duration wait = LONGEST_WAIT.plusNanos(1);
    String timeoutRule =
        " must be at most PT596H31M23.647S (2^31-1 ms, as OkHttp counts timeouts): " + timeout;
    String waitRule = " must be at most 36500 days: " + wait;
    ClientOptions.Builder options = ClientOptions.builder();
    assertThatThrownBy(() -> options.connectTimeout(timeout))
        .hasMessage("connectTimeout" + timeoutRule);
    assertThatThrownBy(() -> options.readTimeout(timeout)).hasMessage("readTimeout" + timeoutRule);
    assertThatThrownBy(() -> options.writeTimeout(timeout))
        .hasMessage("writeTimeout" + timeoutRule);
    assertThatThrownBy(() -> options.callTimeout(timeout)).hasMessage("callTimeout" + timeoutRule);
    assertThatThrownBy(() -> options.deadline(wait)).hasMessage("deadline" + waitRule);
    assertThatThrownBy(() -> options.backoff(Duration.ofSeconds(1), wait))
        .hasMessage("maxBackoff" + waitRule);
    assertThatThrownBy(() -> options.maxRetryAfter(wait)).hasMessage("maxRetryAfter" + waitRule);
    assertThatThrownBy(() -> options.readTimeout(Duration.ofNanos(999_999)))
        .hasMessage(
            "readTimeout must be at least 1 ms (OkHttp counts timeouts in milliseconds): PT0.000999999S");
    RequestOptions.Builder request = RequestOptions.builder();
    assertThatThrownBy(() -> request.readTimeout(timeout)).hasMessage("readTimeout" + timeoutRule);
    assertThatThrownBy(() -> request.callTimeout(timeout)).hasMessage("callTimeout" + timeoutRule);
    assertThatThrownBy(() -> request.deadline(wait)).hasMessage("deadline" + waitRule);
    assertThatThrownBy(() -> UploadPacing.builder().window(wait)).hasMessage("window" + waitRule);
    assertThatThrownBy(() -> UploadPacing.builder().maxWait(wait)).hasMessage("maxWait" + waitRule);
    assertThatThrownBy(() -> UploadPacing.builder().inFlightExpiry(wait))
        .hasMessage("inFlightExpiry" + waitRule);
    assertThatThrownBy(() -> PartnerPacing.builder().window(wait)).hasMessage("window" + waitRule);
    assertThatThrownBy(() -> PartnerPacing.builder().maxWait(wait))
        .hasMessage("maxWait" + waitRule);
    assertThatThrownBy(() -> PreflightOptions.builder().timeout(timeout))
        .hasMessage("timeout" + timeoutRule);
    assertThatThrownBy(() -> PreflightOptions.builder().processingAllowance(wait))
        .hasMessage("processingAllowance" + waitRule);
    assertThatThrownBy(() -> WaitOptions.builder().timeout(wait)).hasMessage("timeout" + waitRule);
    assertThat(DurationLimits.MAX_TIMEOUT).isEqualTo(LONGEST_TIMEOUT);
    assertThat(DurationLimits.MAX_WAIT).isEqualTo(LONGEST_WAIT);
  }
}
