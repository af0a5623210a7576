package dev.callingest;

import java.util.Arrays;
import java.util.Map;

/**
 * Waits until some thread is blocked inside a given method: how a test knows that a run reached a
 * wait (a pause, a pacing or processing wait) before it cancels, with the system sleeper that only
 * a cancel can wake. It polls the threads' stacks; the 30 s bound only fails a broken test.
 */
public final class ThreadProbe {
  private ThreadProbe() {}

  /**
   * Returns once a thread whose name starts with {@code namePrefix} is waiting with {@code
   * className.method} on its stack.
   */
  public static void awaitWaitingIn(String namePrefix, Class<?> type, String method)
      throws InterruptedException {
    awaitWaitingIn(namePrefix, type, method, 1);
  }

  /** Like {@link #awaitWaitingIn(String, Class, String)}, for {@code threads} threads at once. */
  public static void awaitWaitingIn(String namePrefix, Class<?> type, String method, int threads)
      throws InterruptedException {
    await(namePrefix, type.getName(), method, threads, true);
  }

  /**
   * Returns once {@code threads} threads whose names start with {@code namePrefix} have {@code
   * className.method} on their stacks, in any state (a thread blocked reading a socket is
   * RUNNABLE).
   */
  public static void awaitInside(String namePrefix, String className, String method, int threads)
      throws InterruptedException {
    await(namePrefix, className, method, threads, false);
  }

  private static void await(
      String namePrefix, String className, String method, int threads, boolean waiting)
      throws InterruptedException {
    long giveUp = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < giveUp) {
      int found = 0;
      for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
        Thread thread = entry.getKey();
        Thread.State state = thread.getState();
        if (thread.getName().startsWith(namePrefix)
            && (!waiting || state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
            && Arrays.stream(entry.getValue())
                .anyMatch(
                    frame ->
                        frame.getClassName().equals(className)
                            && frame.getMethodName().equals(method))) {
          found++;
        }
      }
      if (found >= threads) return;
      Thread.sleep(2);
    }
    throw new AssertionError(
        threads + " threads " + namePrefix + "* did not reach " + className + "." + method);
  }
}
