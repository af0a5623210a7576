package dev.callingest.examples.quickstart;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.examples.console.ProgressBar;
import dev.callingest.upload.BatchStatus;
import dev.callingest.upload.CallStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class BatchProgressTest {
  @Test
  void rendersDoneCountFailuresAndCallsInFlightByStage() {
    BatchStatus status =
        BatchStatus.builder()
            .batchId("b1")
            .rawStatus("processing")
            .totalCalls(6)
            .processed(2)
            .failed(1)
            .pending(3)
            .addCalls(
                call("completed", null),
                call("completed", null),
                call("failed", null),
                call("processing", "transcribing"),
                call("transcribing", null),
                call("pending", null))
            .build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BatchProgress progress =
        new BatchProgress(
            new ProgressBar(new PrintStream(bytes, true, UTF_8), false, BatchProgress.WIDTH, "  "));

    progress.accept(status);

    assertThat(bytes.toString(UTF_8))
        .isEqualTo("  [######------]  3/6, 1 failed  (2 transcribing)\n");
  }

  @Test
  void redrawsInPlaceOnATerminal() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BatchProgress progress =
        new BatchProgress(
            new ProgressBar(new PrintStream(bytes, true, UTF_8), true, BatchProgress.WIDTH, "  "));
    BatchStatus moving =
        BatchStatus.builder()
            .batchId("b1")
            .rawStatus("processing")
            .totalCalls(2)
            .addCalls(call("downloading", null), call("analyzing", null))
            .build();
    BatchStatus done =
        BatchStatus.builder()
            .batchId("b1")
            .rawStatus("completed")
            .totalCalls(2)
            .processed(2)
            .addCalls(call("completed", null), call("completed", null))
            .build();

    progress.accept(moving);
    progress.accept(moving);
    progress.accept(done);
    progress.finish();

    assertThat(bytes.toString(UTF_8))
        .isEqualTo(
            "\r  [------------]  0/2  (1 downloading, 1 analyzing)"
                + "\r  [############]  2/2"
                + " ".repeat(30)
                + "\n");
  }

  private static CallStatus call(String status, String progress) {
    CallStatus.Builder call = CallStatus.builder().externalId("c").rawStatus(status);
    if (progress != null) call.rawProgress(progress);
    return call.build();
  }
}
