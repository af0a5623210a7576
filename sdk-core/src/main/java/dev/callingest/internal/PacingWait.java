package dev.callingest.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A pacing wait that holds no thread: asks the pacer without blocking and, while it says wait, asks
 * again at the pacer's next change or when the wait it named is over, whichever comes first, or
 * gives up at once when the operation is cancelled. Rounds run one at a time, the first on the
 * caller's thread and the later ones on the async executor.
 */
final class PacingWait<R> {
  /** One non-blocking try: a value when granted, else the wait before the next try. */
  record Answer<R>(@Nullable R value, Duration retryIn) {
    static <R> Answer<R> granted(R value) {
      return new Answer<>(value, Duration.ZERO);
    }

    static <R> Answer<R> waitFor(Duration retryIn) {
      return new Answer<>(null, retryIn);
    }
  }

  private final Supplier<Answer<R>> tryOnce;
  private final Function<Runnable, AutoCloseable> changes;
  private final HttpTransport transport;
  private final CancelSignal cancel;
  private final Supplier<? extends RuntimeException> cancelled;
  private final CompletableFuture<R> result = new CompletableFuture<>();
  private final AtomicInteger pending = new AtomicInteger();
  private @Nullable Round round;

  private PacingWait(
      Supplier<Answer<R>> tryOnce,
      Function<Runnable, AutoCloseable> changes,
      HttpTransport transport,
      CancelSignal cancel,
      Supplier<? extends RuntimeException> cancelled) {
    this.tryOnce = tryOnce;
    this.changes = changes;
    this.transport = transport;
    this.cancel = cancel;
    this.cancelled = cancelled;
  }

  /**
   * Starts the wait.
   *
   * @param tryOnce asks the pacer once, never blocking; it may throw the pacer's refusal
   * @param changes registers a one-shot action for the pacer's next change
   * @param transport whose timer and executor run the later rounds
   * @param cancel the operation's cancel signal
   * @param cancelled the failure when the signal is raised before the grant
   * @return the granted value, or the refusal, or the cancel failure
   */
  static <R> CompletableFuture<R> start(
      Supplier<Answer<R>> tryOnce,
      Function<Runnable, AutoCloseable> changes,
      HttpTransport transport,
      CancelSignal cancel,
      Supplier<? extends RuntimeException> cancelled) {
    PacingWait<R> wait = new PacingWait<>(tryOnce, changes, transport, cancel, cancelled);
    wait.pending.set(1);
    wait.drain();
    return wait.result;
  }

  /** Asks for another round: run by whoever finds no round running (see {@link #drain}). */
  private void request() {
    if (pending.getAndIncrement() == 0) transport.dispatch(this::drain);
  }

  /**
   * Runs rounds until no more were asked for. Rounds never overlap: two at once could both be
   * granted, and the second grant's reservation would be lost.
   */
  private void drain() {
    do {
      if (!result.isDone()) round();
    } while (pending.decrementAndGet() != 0);
  }

  private void round() {
    Round previous = round;
    if (previous != null) previous.close();
    if (cancel.isCancelled()) {
      result.completeExceptionally(cancelled.get());
      return;
    }
    Round current = new Round();
    round = current;
    Answer<R> answer;
    try {
      // Registered before asking, so that a change between the answer and the registration is not
      // lost.
      current.change = changes.apply(current::fire);
      answer = tryOnce.get();
    } catch (RuntimeException e) {
      current.close();
      result.completeExceptionally(e);
      return;
    }
    if (answer.value() != null) {
      current.close();
      result.complete(answer.value());
      return;
    }
    try {
      current.timer = transport.timer().schedule(answer.retryIn(), current::fire);
    } catch (IllegalStateException closed) {
      current.close();
      result.completeExceptionally(cancelled.get());
      return;
    }
    current.cancelRegistration = cancel.onCancel(current::fire);
  }

  /** One round's three ways to end: a pacer change, the timer, the cancel signal. */
  private final class Round {
    private final AtomicBoolean fired = new AtomicBoolean();
    volatile @Nullable AutoCloseable change;
    volatile AsyncTimer.@Nullable Handle timer;
    volatile CancelSignal.@Nullable Registration cancelRegistration;

    void fire() {
      if (fired.compareAndSet(false, true)) request();
    }

    void close() {
      fired.set(true);
      AutoCloseable registered = change;
      if (registered != null) {
        try {
          registered.close();
        } catch (Exception e) {
          // Unregistering a one-shot action cannot fail in a way that matters here.
        }
      }
      AsyncTimer.Handle scheduled = timer;
      if (scheduled != null) scheduled.cancel();
      CancelSignal.Registration registration = cancelRegistration;
      if (registration != null) registration.close();
    }
  }
}
