package dev.callingest.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A one-way signal that an operation was given up: an import's {@code cancel()}, or a future's
 * {@code cancel(true)}. Whoever waits or sends on the operation's behalf registers what stops it
 * (an OkHttp {@code Call.cancel()}, a pacer wake-up, a scheduled task's cancel) and removes the
 * registration when its step ends. Actions run once, on the thread that cancels, outside every lock
 * of this class; an action registered after the cancel runs at once on the registering thread.
 */
public final class CancelSignal {
  /** A signal that is never raised; registrations on it do nothing. */
  public static final CancelSignal NEVER = new CancelSignal();

  private final Object lock = new Object();
  private final Set<Runnable> actions = new LinkedHashSet<>();
  private volatile boolean cancelled;

  /** {@return a new signal, not raised} */
  public static CancelSignal create() {
    return new CancelSignal();
  }

  private CancelSignal() {}

  /** {@return whether the signal was raised} */
  public boolean isCancelled() {
    return cancelled;
  }

  /**
   * Raises the signal and runs every registered action once. Later calls do nothing. An action that
   * throws does not stop the others; its exception is logged.
   */
  public void cancel() {
    if (this == NEVER)
      throw new UnsupportedOperationException("CancelSignal.NEVER cannot be raised");
    List<Runnable> toRun;
    synchronized (lock) {
      if (cancelled) return;
      cancelled = true;
      toRun = new ArrayList<>(actions);
      actions.clear();
    }
    for (Runnable action : toRun) run(action);
  }

  /**
   * Registers {@code action} to run when the signal is raised; runs it at once if it already was.
   *
   * @param action what stops the current step, such as {@code call::cancel}
   * @return closing it removes the action (it does nothing once the action ran)
   */
  public Registration onCancel(Runnable action) {
    Objects.requireNonNull(action, "action == null");
    if (this == NEVER) return () -> {};
    synchronized (lock) {
      if (!cancelled) {
        actions.add(action);
        return () -> {
          synchronized (lock) {
            actions.remove(action);
          }
        };
      }
    }
    run(action);
    return () -> {};
  }

  private static void run(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      System.getLogger("dev.callingest.cancel")
          .log(System.Logger.Level.WARNING, "cancel action failed; ignored", e);
    }
  }

  /** A registered action, removed by {@link #close()}. */
  @FunctionalInterface
  public interface Registration extends AutoCloseable {
    /** Removes the action; does nothing once it ran. */
    @Override
    void close();
  }
}
