package dev.callingest.internal;

import java.util.concurrent.CompletableFuture;

/**
 * The future the SDK's async methods return: {@link #cancel(boolean)} completes it with a {@link
 * java.util.concurrent.CancellationException}, as any {@link CompletableFuture}, and also raises
 * the operation's {@link CancelSignal}, which cancels the HTTP call in flight, ends a scheduled
 * wait and frees the pacing reservation. {@code mayInterruptIfRunning} changes nothing: no thread
 * of the SDK is ever interrupted.
 *
 * @param <T> the result
 */
public final class CancellableFuture<T> extends CompletableFuture<T> {
  private final CancelSignal signal;

  /**
   * Creates a future cancelling {@code signal}.
   *
   * @param signal the operation's signal
   */
  public CancellableFuture(CancelSignal signal) {
    this.signal = signal;
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    // Raised even if this future was already done: the signal stops whatever is still under way.
    if (isCancelled()) signal.cancel();
    return cancelled;
  }

  /** Dependent stages are plain futures: cancelling one of them does not cancel this operation. */
  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new CompletableFuture<>();
  }
}
