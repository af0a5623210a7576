package dev.callingest.examples.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.emulator.Emulator;
import dev.callingest.preflight.PreflightOptions;
import dev.callingest.preflight.RecordingPreflight;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SDK's preflight against the recordings the emulator serves: the same five URLs whose fetch
 * the emulator's own RecordingChecksTest judges, with the same verdicts.
 */
class PreflightAgreementTest {
  private static final DateTimeFormatter AMZ =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  @Test
  void preflightGivesTheEmulatorsVerdicts() {
    try (Emulator emulator =
        Emulator.builder()
            .uploadApiKey("test-upload-key")
            .audioFile("notes.mp3", "these are notes, not audio".getBytes(StandardCharsets.UTF_8))
            .build()
            .start()) {
      Instant now = Instant.now();
      List<String> urls =
          List.of(
              emulator.audioUrl("good.wav"),
              emulator.audioUrl("missing.mp3"),
              emulator.audioUrl("notes.mp3"),
              signed(emulator.audioUrl("fresh.wav"), now.minus(Duration.ofMinutes(5))),
              signed(emulator.audioUrl("stale.wav"), now.minus(Duration.ofHours(2))));
      RecordingPreflight preflight = RecordingPreflight.forUploadApi(PreflightOptions.DEFAULT);

      assertThat(urls.stream().map(url -> preflight.check(url).passed()).toList())
          .containsExactly(true, false, false, true, false);
    }
  }

  private static String signed(String url, Instant signedAt) {
    return url
        + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date="
        + AMZ.format(signedAt)
        + "&X-Amz-Expires=3600&X-Amz-Signature=0badc0ffee";
  }
}
