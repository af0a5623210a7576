package dev.callingest.internal;

import dev.callingest.CallingestException;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Lets the transport record on a {@link CallingestException} that an attempt may have been
 * processed, without a public setter. {@code CallingestException} installs the hook when its class
 * is initialized, which has happened by the time any instance exists.
 */
public final class ExceptionMarks {
  private static volatile BiConsumer<CallingestException, String> hook;

  private ExceptionMarks() {}

  /**
   * Installs the hook; called once, by {@code CallingestException}.
   *
   * @param marker sets the flag and the note on an exception
   */
  public static void install(BiConsumer<CallingestException, String> marker) {
    if (hook != null) throw new IllegalStateException("already installed");
    hook = Objects.requireNonNull(marker, "marker == null");
  }

  /**
   * Marks {@code exception} as possibly processed.
   *
   * @param exception the exception about to be thrown
   * @param note which earlier attempt may have been processed, appended to the message; or null
   */
  public static void markPossiblyProcessed(CallingestException exception, @Nullable String note) {
    hook.accept(exception, note);
  }
}
