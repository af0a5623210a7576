package dev.callingest.examples.quickstart;

import dev.callingest.upload.BatchStatus;
import dev.callingest.upload.CallState;
import dev.callingest.upload.CallStatus;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A one-line progress bar for an Upload API batch, redrawn in place with a carriage return each time
 * a polled status changes it: {@code [######------]  3/6, 1 failed  (2 transcribing, 1 analyzing)}.
 * Feed it every status through {@code WaitOptions.Builder.progressListener}. The line stays under
 * 80 columns, so that a terminal does not wrap it.
 */
public final class ProgressBar {
  private static final int WIDTH = 12;

  private final PrintStream out;
  private String lastLine = "";

  /**
   * Creates a bar that draws on {@code out}.
   *
   * @param out where to draw, normally {@code System.out}
   */
  public ProgressBar(PrintStream out) {
    this.out = Objects.requireNonNull(out, "out == null");
  }

  /**
   * Redraws the bar for a polled status, unless it would look the same as the last one.
   *
   * @param status the batch status just polled
   */
  public void update(BatchStatus status) {
    String line = render(status);
    if (line.equals(lastLine)) return;
    // Pad with spaces so that a shorter line fully covers the longer one before it.
    int padding = Math.max(0, lastLine.length() - line.length());
    out.print("\r" + line + " ".repeat(padding));
    out.flush();
    lastLine = line;
  }

  /** Ends the bar's line, so that what is printed next starts on a line of its own. */
  public void finish() {
    if (!lastLine.isEmpty()) out.println();
    lastLine = "";
  }

  static String render(BatchStatus status) {
    int total = Math.max(status.totalCalls(), status.calls().size());
    int done = status.processed() + status.failed();
    int filled = total == 0 ? 0 : WIDTH * done / total;
    StringBuilder line = new StringBuilder("  [")
        .append("#".repeat(filled))
        .append("-".repeat(WIDTH - filled))
        .append("]  ")
        .append(done).append('/').append(total);
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
    counts.forEach((stage, count) -> {
      if (text.length() > 0) text.append(", ");
      text.append(count).append(' ').append(stage.name().toLowerCase(Locale.ROOT));
    });
    return text.toString();
  }
}
