package dev.callingest.examples.importer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.bulk.ImportProgress;
import dev.callingest.examples.console.ProgressBar;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The CRM import's progress line: every kind of settled call has its own count. */
class ConsoleProgressTest {
  @Test
  void theProgressLineShowsCallsInDoubtApartFromFailedOnes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CrmImport.Console console =
        new CrmImport.Console(
            new ProgressBar(
                new PrintStream(bytes, true, UTF_8), false, CrmImport.Console.WIDTH, ""),
            10);

    console.onProgress(
        ImportProgress.builder()
            .read(10)
            .settled(10)
            .accepted(5)
            .rejected(1)
            .failed(3)
            .inDoubt(1)
            .elapsed(Duration.ofSeconds(2))
            .callsPerSecond(5.0)
            .build());
    console.finish();

    assertThat(bytes.toString(UTF_8))
        .contains("10/10 rows  5 accepted  1 rejected  3 failed  1 in doubt  0 bad  5.0 calls/s");
  }
}
