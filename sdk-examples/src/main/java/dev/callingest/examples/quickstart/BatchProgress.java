package dev.callingest.examples.quickstart;

import dev.callingest.examples.console.ProgressBar;
import dev.callingest.upload.BatchStatus;
import dev.callingest.upload.CallState;
import dev.callingest.upload.CallStatus;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Shows an Upload API batch's polled statuses on a {@link ProgressBar}: {@code [######------] 3/6,
 * 1 failed (2 transcribing, 1 analyzing)}. Pass it to {@code WaitOptions.Builder.progressListener}.
 * The line stays under 80 columns, so that a terminal does not wrap it.
 */
public final class BatchProgress implements Consumer<BatchStatus> {
  /** The number of cells of the bar. */
  public static final int WIDTH = 12;

  private final ProgressBar bar;

  /**
   * Creates a listener drawing on {@code bar}.
   *
   * @param bar the bar to draw on, normally {@code ProgressBar.create(System.out, WIDTH, " ")}
   */
  public BatchProgress(ProgressBar bar) {
    this.bar = Objects.requireNonNull(bar, "bar == null");
  }

  @Override
  public void accept(BatchStatus status) {
    bar.update(done(status), total(status), text(status));
  }

  /** Ends the bar's line. */
  public void finish() {
    bar.finish();
  }

  static int total(BatchStatus status) {
    return Math.max(status.totalCalls(), status.calls().size());
  }

  static int done(BatchStatus status) {
    return status.processed() + status.failed();
  }

  /** What follows the bar: {@code " 3/6, 1 failed (2 transcribing)"}. */
  static String text(BatchStatus status) {
    StringBuilder line =
        new StringBuilder("  ").append(done(status)).append('/').append(total(status));
    if (status.failed() > 0) line.append(", ").append(status.failed()).append(" failed");
    String stages = inFlightStages(status);
    if (!stages.isEmpty()) line.append("  (").append(stages).append(')');
    return line.toString();
  }

  /** Counts the calls being processed by stage, such as {@code 2 transcribing, 1 analyzing}. */
  private static String inFlightStages(BatchStatus status) {
    Map<CallState, Integer> counts = new EnumMap<>(CallState.class);
    for (CallStatus call : status.calls()) {
      CallState stage = call.stage();
      if (!stage.isTerminal() && stage != CallState.PENDING) counts.merge(stage, 1, Integer::sum);
    }
    StringBuilder text = new StringBuilder();
    counts.forEach(
        (stage, count) -> {
          if (text.length() > 0) text.append(", ");
          text.append(count).append(' ').append(stage.name().toLowerCase(Locale.ROOT));
        });
    return text.toString();
  }
}
