package dev.callingest.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callingest.emulator.Emulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Runs the README's demo end to end on loopback and reads what it printed. */
class QuickstartTest {
  private static final String RUN = "[0-9a-f]{4}";

  @Test
  void runsBothApisOnTheEmulatorAndPrintsEachOutcome() throws Exception {
    Set<Thread> before = liveNonDaemonThreads();

    String out = run(Map.of());

    assertThat(out).contains("Local emulator of both APIs on http://127.0.0.1:");
    // Upload API: the bar as plain lines (the output is not a terminal), then one line per call,
    // the unreachable one with the API's reason.
    assertThat(out).containsPattern("submitted batch batch_\\w+\n");
    assertThat(out).contains("\n  [------------]  0/6");
    assertThat(out).contains("\n  [############]  6/6, 1 failed\n");
    assertThat(out).doesNotContain("\r");
    assertThat(out).contains("  batch partial: 5 completed, 1 failed\n");
    assertThat(out)
        .containsPattern(
            "  client.preflight\\(call\\) refuses up-\\S+-6 before sending: the recording's host"
                + " recordings.invalid could not be reached: the host name does not resolve\n");
    for (int i = 1; i <= 5; i++) {
      assertThat(out)
          .containsPattern("\n    ok      up-" + RUN + "-" + i + " +call id aila_\\w+\n");
    }
    assertThat(out)
        .containsPattern("\n    FAILED  up-" + RUN + "-6 +audio_url is not accessible\n");
    // Partner API: three verified callbacks with intent, score and chapters; the forgery refused.
    for (int i = 1; i <= 3; i++) {
      assertThat(out)
          .containsPattern(
              "\n    verified  pt-"
                  + RUN
                  + "-"
                  + i
                  + " +intent (INTERESTED|NOT_INTERESTED|FOLLOW_UP|NEUTRAL), quality score \\d+(\\.\\d+)?\n"
                  + "      chapters: Introduction \\| [A-Z][a-z]+");
    }
    assertThat(out).doesNotContain("MISSING");
    assertThat(out)
        .containsPattern(
            "forged callback for pt-"
                + RUN
                + "-1 \\(token made with another key\\): refused \\(401\\)\n");
    // The closing summary counts what the emulator saw.
    assertThat(out).containsPattern("  Upload API:  1 batch, 6 calls, [1-9][0-9]* status polls?\n");
    assertThat(out)
        .contains("  Partner API: 1 request, 3 calls; 3 callbacks delivered in 3 attempts\n");
    assertThat(out).containsPattern("\nDone in \\d+\\.\\d s\\.\n$");
    // No token leaves the receiver: callback URLs are secrets while valid.
    assertThat(out).doesNotContain("cb_token");

    awaitNoNewNonDaemonThreads(before);
  }

  @Test
  void usesTheRealUploadEndpointWhenItsKeyIsSet() throws Exception {
    // A second emulator stands in for the real Upload API; the Partner API still runs embedded.
    try (Emulator real =
        Emulator.builder()
            .uploadApiKey("sk_live_do-not-print")
            .allStages(Duration.ofMillis(20))
            .build()
            .start()) {
      String out =
          run(
              Map.of(
                  "CALLINGEST_UPLOAD_API_KEY",
                  "sk_live_do-not-print",
                  "CALLINGEST_UPLOAD_BASE_URL",
                  real.uploadBaseUrl(),
                  "CALLINGEST_USER_EMAIL",
                  "rep@example.com",
                  "CALLINGEST_RECORDING_URL",
                  real.audioUrl("recording.wav")));

      assertThat(out).contains("Local emulator of the Partner API on ");
      assertThat(out).contains("1. Upload API (" + real.uploadBaseUrl() + "/)");
      assertThat(out).contains("  batch partial: 5 completed, 1 failed\n");
      assertThat(real.batches()).hasSize(1);
      assertThat(real.batches().get(0).calls())
          .extracting(c -> c.request().get("user_email"))
          .containsOnly("rep@example.com");
      assertThat(out).contains("Partner API: 1 request, 3 calls; 3 callbacks delivered");
      assertThat(out)
          .doesNotContain("Upload API:  1 batch"); // not the embedded emulator's to count
      assertThat(out).doesNotContain("sk_live");
    }
  }

  @Test
  void refusesARealEndpointWithoutTheVariablesItNeeds() {
    assertThatThrownBy(() -> run(Map.of("CALLINGEST_PARTNER_API_KEY", "pk_secret_value")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "CALLINGEST_PARTNER_API_SECRET must be set to use the real endpoint"
                + " (see Quickstart's Javadoc)");
  }

  private static String run(Map<String, String> env) throws InterruptedException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Quickstart.run(new PrintStream(bytes, true, UTF_8), env);
    return bytes.toString(UTF_8);
  }

  private static Set<Thread> liveNonDaemonThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !t.isDaemon())
        .collect(Collectors.toSet());
  }

  /** exec:java waits for non-daemon threads: the demo must leave none behind. */
  private static void awaitNoNewNonDaemonThreads(Set<Thread> before) throws InterruptedException {
    Set<Thread> added = Set.of();
    for (int i = 0; i < 100; i++) { // at most 5 s: threads that were told to stop need a moment
      added =
          liveNonDaemonThreads().stream()
              .filter(t -> !before.contains(t))
              .collect(Collectors.toSet());
      if (added.isEmpty()) return;
      Thread.sleep(50);
    }
    assertThat(added).extracting(Thread::getName).isEmpty();
  }
}
