package dev.callingest.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An {@link AsyncTimer} for tests: it records every delay it is asked for. An automatic one runs
 * each task at once on a thread of its own (the delay is only recorded); a manual one runs a task
 * only when the test fires it.
 */
final class TestTimer implements AsyncTimer {
  private final boolean automatic;
  private final List<Scheduled> scheduled = new ArrayList<>();

  private TestTimer(boolean automatic) {
    this.automatic = automatic;
  }

  static TestTimer automatic() {
    return new TestTimer(true);
  }

  static TestTimer manual() {
    return new TestTimer(false);
  }

  @Override
  public Handle schedule(Duration delay, Runnable task) {
    Scheduled entry = new Scheduled(delay, task);
    synchronized (this) {
      scheduled.add(entry);
    }
    if (automatic) new Thread(entry::fire, "test-timer").start();
    return entry;
  }

  @Override
  public void shutdown() {}

  /** Every delay asked for, in order. */
  synchronized List<Duration> delays() {
    List<Duration> delays = new ArrayList<>();
    for (Scheduled entry : scheduled) delays.add(entry.delay);
    return delays;
  }

  /** Every task scheduled, in order. */
  synchronized List<Scheduled> scheduled() {
    return List.copyOf(scheduled);
  }

  /** One scheduled task. */
  static final class Scheduled implements Handle {
    final Duration delay;
    private final Runnable task;
    private final AtomicBoolean claimed = new AtomicBoolean();
    volatile boolean cancelled;

    Scheduled(Duration delay, Runnable task) {
      this.delay = delay;
      this.task = task;
    }

    void fire() {
      if (claimed.compareAndSet(false, true)) task.run();
    }

    @Override
    public boolean cancel() {
      if (!claimed.compareAndSet(false, true)) return false;
      cancelled = true;
      return true;
    }
  }
}
