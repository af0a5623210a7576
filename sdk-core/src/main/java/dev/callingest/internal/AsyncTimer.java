package dev.callingest.internal;

import dev.callingest.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Runs a task after a delay without blocking the caller: how the asynchronous transport waits for a
 * backoff or a pacing slot. Tasks must be short: they hand the continuation to the async executor.
 * One daemon thread, started on first use and stopped by {@link #shutdown()}.
 */
interface AsyncTimer {
  /**
   * Runs {@code task} once after {@code delay}, unless cancelled first.
   *
   * @param delay the wait; zero or negative runs it as soon as possible
   * @param task what to run; it must not block
   * @return the handle that cancels it
   */
  Handle schedule(Duration delay, Runnable task);

  /** Stops the thread; tasks not yet run are dropped. */
  void shutdown();

  /** A scheduled task. */
  interface Handle {
    /**
     * Cancels the task.
     *
     * @return true when the task will never run; false when it ran or has begun to
     */
    boolean cancel();
  }

  /**
   * The timer for {@code sleeper}: a real scheduled executor for {@link Sleeper#SYSTEM}; for any
   * other sleeper (a test's fake time), a thread that makes each wait with that sleeper, earliest
   * first.
   */
  static AsyncTimer forSleeper(Sleeper sleeper, Clock clock) {
    return sleeper == Sleeper.SYSTEM ? new SystemTimer() : new SleeperTimer(sleeper, clock);
  }

  /** A handle whose task runs only if nobody cancelled it first, and vice versa. */
  final class Claim implements Handle, Runnable {
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final Runnable task;
    volatile @Nullable ScheduledFuture<?> future;

    Claim(Runnable task) {
      this.task = task;
    }

    @Override
    public void run() {
      if (claimed.compareAndSet(false, true)) task.run();
    }

    @Override
    public boolean cancel() {
      if (!claimed.compareAndSet(false, true)) return false;
      ScheduledFuture<?> scheduled = future;
      if (scheduled != null) scheduled.cancel(false);
      return true;
    }
  }

  /** Real time, on one daemon thread. */
  final class SystemTimer implements AsyncTimer {
    private static final AtomicLong COUNT = new AtomicLong();
    private @Nullable ScheduledThreadPoolExecutor executor;
    private boolean shutdown;

    private synchronized ScheduledThreadPoolExecutor executor() {
      if (executor == null) {
        if (shutdown) throw new IllegalStateException("the client was closed");
        ScheduledThreadPoolExecutor created =
            new ScheduledThreadPoolExecutor(
                1,
                runnable -> {
                  Thread thread =
                      new Thread(runnable, "callingest-timer-" + COUNT.incrementAndGet());
                  thread.setDaemon(true);
                  return thread;
                });
        created.setRemoveOnCancelPolicy(true);
        created.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor = created;
      }
      return executor;
    }

    @Override
    public Handle schedule(Duration delay, Runnable task) {
      Claim claim = new Claim(task);
      claim.future =
          executor().schedule(claim, Durations.nanosSaturated(delay), TimeUnit.NANOSECONDS);
      return claim;
    }

    @Override
    public synchronized void shutdown() {
      shutdown = true;
      if (executor != null) executor.shutdownNow();
    }
  }

  /** Waits made by an injected sleeper (fake time in tests), earliest first, on one thread. */
  final class SleeperTimer implements AsyncTimer {
    private static final AtomicLong COUNT = new AtomicLong();
    private final Sleeper sleeper;
    private final Clock clock;
    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private long sequence;
    private @Nullable Thread thread;
    private boolean shutdown;

    SleeperTimer(Sleeper sleeper, Clock clock) {
      this.sleeper = sleeper;
      this.clock = clock;
    }

    @Override
    public synchronized Handle schedule(Duration delay, Runnable task) {
      if (shutdown) throw new IllegalStateException("the client was closed");
      Claim claim = new Claim(task);
      queue.add(new Entry(Durations.plus(clock.instant(), delay), sequence++, claim));
      if (thread == null) {
        Thread started = new Thread(this::loop, "callingest-timer-" + COUNT.incrementAndGet());
        started.setDaemon(true);
        thread = started;
        started.start();
      }
      notifyAll();
      return claim;
    }

    private void loop() {
      while (true) {
        Entry next;
        synchronized (this) {
          while (queue.isEmpty() && !shutdown) {
            try {
              wait();
            } catch (InterruptedException e) {
              return;
            }
          }
          if (shutdown) return;
          next = queue.poll();
        }
        Duration left = Duration.between(clock.instant(), next.at);
        try {
          if (!left.isNegative() && !left.isZero()) sleeper.sleep(left);
        } catch (InterruptedException e) {
          return;
        }
        try {
          next.claim.run();
        } catch (RuntimeException e) {
          System.getLogger("dev.callingest.http")
              .log(System.Logger.Level.WARNING, "scheduled task failed; ignored", e);
        }
      }
    }

    @Override
    public synchronized void shutdown() {
      shutdown = true;
      queue.clear();
      if (thread != null) thread.interrupt();
      notifyAll();
    }

    private record Entry(Instant at, long sequence, Claim claim) implements Comparable<Entry> {
      @Override
      public int compareTo(Entry other) {
        int byTime = at.compareTo(other.at);
        return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
      }
    }
  }
}
