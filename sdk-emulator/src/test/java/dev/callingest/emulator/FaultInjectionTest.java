package dev.callingest.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {
  private static FaultInjection faults(long seed) {
    return FaultInjection.builder()
        .seed(seed)
        .rate(Fault.SERVER_ERROR, 0.2)
        .rate(Fault.RATE_LIMITED, 0.2)
        .rate(Fault.DROP_CONNECTION, 0.2)
        .rate(Fault.SLOW, 0.2)
        .slowDelay(Duration.ofMillis(1))
        .build();
  }

  /**
   * Sends 25 invalid submissions (POST, which the JDK client never resends by itself) and returns
   * the emulator's log of faults and statuses.
   */
  private static List<String> run(long seed) throws Exception {
    try (Emulator emulator =
        Emulator.builder().uploadApiKey("k").faults(faults(seed)).build().start()) {
      List<String> outcomes = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        try {
          HttpResponse<String> response =
              TestHttp.post(
                  emulator.uploadBaseUrl() + "/v1/calls/batch-upload",
                  "{\"calls\":[]}",
                  "Authorization",
                  "Bearer k");
          outcomes.add(Integer.toString(response.statusCode()));
        } catch (IOException e) {
          outcomes.add("dropped");
        }
      }
      assertThat(emulator.requests()).hasSize(25);
      List<String> logged = new ArrayList<>();
      for (RequestRecord record : emulator.requests()) {
        logged.add(record.fault().map(Fault::name).orElse("none") + "/" + record.status());
      }
      logged.addAll(outcomes); // what the client saw must repeat too
      return logged;
    }
  }

  @Test
  void sameSeedGivesTheSameFaults() throws Exception {
    List<String> first = run(42);
    List<String> second = run(42);

    assertThat(second).isEqualTo(first);
    assertThat(first)
        .contains(
            "SERVER_ERROR/500", "RATE_LIMITED/429", "DROP_CONNECTION/0", "SLOW/400", "none/400");
    assertThat(run(7)).isNotEqualTo(first);
  }

  @Test
  void injectedUploadRateLimitCarriesRetryAfter() throws Exception {
    FaultInjection always429 = FaultInjection.builder().rate(Fault.RATE_LIMITED, 1).build();
    try (Emulator emulator =
        Emulator.builder().uploadApiKey("k").faults(always429).build().start()) {
      HttpResponse<String> response =
          TestHttp.get(
              emulator.uploadBaseUrl() + "/v1/calls/batch-upload/batch_x",
              "Authorization",
              "Bearer k");

      assertThat(response.statusCode()).isEqualTo(429);
      assertThat(response.headers().firstValue("Retry-After")).contains("1");
      assertThat(response.body()).contains("\"code\":\"RATE_LIMITED\"");
    }
  }

  @Test
  void dropAfterProcessingAcceptsTheBatchButNeverAnswers() throws Exception {
    FaultInjection drop = FaultInjection.builder().rate(Fault.DROP_AFTER_PROCESSING, 1).build();
    try (Emulator emulator = Emulator.builder().uploadApiKey("k").faults(drop).build().start()) {
      String body =
          "{\"calls\":[{\"external_id\":\"a\",\"audio_url\":\"https://example.com/a.mp3\","
              + "\"user_email\":\"a@b.co\",\"call_date\":\"2025-01-15T14:30:00Z\"}]}";

      assertThatThrownBy(
              () ->
                  TestHttp.post(
                      emulator.uploadBaseUrl() + "/v1/calls/batch-upload",
                      body,
                      "Authorization",
                      "Bearer k"))
          .isInstanceOf(IOException.class);

      assertThat(emulator.batches()).hasSize(1);
      assertThat(emulator.requests())
          .extracting(RequestRecord::status, RequestRecord::fault)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(0, Optional.of(Fault.DROP_AFTER_PROCESSING)));
    }
  }

  @Test
  void ratesMustNotExceedOne() {
    assertThatThrownBy(
            () ->
                FaultInjection.builder()
                    .rate(Fault.SERVER_ERROR, 0.6)
                    .rate(Fault.SLOW, 0.6)
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("fault rates add up to more than 1: 1.2");
    assertThatThrownBy(() -> FaultInjection.builder().rate(Fault.SLOW, 1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate must be 0 to 1: 1.5");
  }
}
