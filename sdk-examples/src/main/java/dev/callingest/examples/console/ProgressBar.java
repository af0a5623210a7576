package dev.callingest.examples.console;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.Objects;

/**
 * A one-line progress bar, {@code [######------]} followed by the caller's text, shared by the
 * sample programs.
 *
 * <p>On a terminal it redraws its line in place with a carriage return each time the line changes,
 * and {@link #println} prints above it. Anywhere else (output redirected to a file, a pipe, a CI
 * log) a carriage return would leave every redraw in the file, so it prints plain lines instead:
 * one each time the bar gains a tenth, and the last state at {@link #finish()}. Methods are
 * synchronized, so listeners on several threads may share one bar.
 */
public final class ProgressBar {
  private final PrintStream out;
  private final boolean terminal;
  private final int width;
  private final String indent;
  private String lastLine = "";
  private String pending = "";
  private int lastTenth = -1;

  /**
   * Creates a bar.
   *
   * @param out where to draw
   * @param terminal true to redraw in place, false to print plain lines
   * @param width the number of cells between the brackets, at least 1
   * @param indent what precedes the bar on its line, such as two spaces
   * @throws IllegalArgumentException if {@code width} is less than 1
   */
  public ProgressBar(PrintStream out, boolean terminal, int width, String indent) {
    this.out = Objects.requireNonNull(out, "out == null");
    this.terminal = terminal;
    if (width < 1) throw new IllegalArgumentException("width < 1: " + width);
    this.width = width;
    this.indent = Objects.requireNonNull(indent, "indent == null");
  }

  /**
   * Creates a bar on {@code out} that redraws in place only when this program runs on a terminal
   * ({@link #onTerminal()}).
   *
   * @param out where to draw, normally {@code System.out} or {@code System.err}
   * @param width the number of cells between the brackets, at least 1
   * @param indent what precedes the bar on its line
   * @return the bar
   */
  public static ProgressBar create(PrintStream out, int width, String indent) {
    return new ProgressBar(out, onTerminal(), width, indent);
  }

  /**
   * Whether this program's output goes to a terminal: {@link System#console()} is not null and, on
   * JDK 22 and later, where a console may exist with redirected streams, it says it is a terminal.
   *
   * @return true on an interactive terminal
   */
  public static boolean onTerminal() {
    Console console = System.console();
    if (console == null) return false;
    try {
      Method isTerminal = Console.class.getMethod("isTerminal"); // JDK 22+
      return (Boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException e) {
      return true; // before JDK 22, a console exists only on a terminal
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  /**
   * Shows progress: {@code done} of {@code total} fills the bar, {@code text} follows it.
   *
   * @param done how much is done, clamped to {@code [0, total]}
   * @param total how much there is; 0 shows a full bar
   * @param text what follows the bar, such as {@code " 3/6, 1 failed"}
   */
  public synchronized void update(long done, long total, String text) {
    Objects.requireNonNull(text, "text == null");
    long clamped = Math.max(0, Math.min(done, total));
    int filled = total <= 0 ? width : (int) (width * clamped / total);
    String line = indent + "[" + "#".repeat(filled) + "-".repeat(width - filled) + "]" + text;
    if (terminal) {
      if (line.equals(lastLine)) return;
      // Pad with spaces so that a shorter line fully covers the longer one before it.
      out.print("\r" + line + " ".repeat(Math.max(0, lastLine.length() - line.length())));
      out.flush();
      lastLine = line;
      return;
    }
    int tenth = total <= 0 ? 10 : (int) (10 * clamped / total);
    if (tenth != lastTenth) {
      out.println(line);
      lastTenth = tenth;
      lastLine = line;
      pending = "";
    } else if (!line.equals(lastLine)) {
      pending = line;
    }
  }

  /**
   * Prints a line of its own: above the bar on a terminal, which is then drawn again below it.
   *
   * @param text the line, without a line separator
   */
  public synchronized void println(String text) {
    Objects.requireNonNull(text, "text == null");
    if (terminal && !lastLine.isEmpty()) {
      out.print("\r" + " ".repeat(lastLine.length()) + "\r");
      out.println(text);
      out.print(lastLine);
      out.flush();
    } else {
      out.println(text);
    }
  }

  /**
   * Ends the bar: on a terminal its line is ended, elsewhere its last state is printed if it was
   * not yet. What is printed next starts on a line of its own. The bar may be used again
   * afterwards.
   */
  public synchronized void finish() {
    if (terminal) {
      if (!lastLine.isEmpty()) out.println();
    } else if (!pending.isEmpty()) {
      out.println(pending);
    }
    out.flush();
    lastLine = "";
    pending = "";
    lastTenth = -1;
  }
}
