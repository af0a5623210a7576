package dev.callingest.internal;

import dev.callingest.CallingestException;
import dev.callingest.CancelledException;
import dev.callingest.RateLimitedException;
import dev.callingest.internal.Exchange.Step;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Drives an {@link Exchange} as a chain of continuations, holding no thread while it waits: each
 * attempt goes through OkHttp's {@link Call#enqueue} and is read and decided on OkHttp's callback;
 * a backoff is a task on the transport's timer; a pacing wait before a retry is a {@link
 * PacingWait}. The operation's {@link CancelSignal} cancels the call in flight or the wait under
 * way, and the operation then fails with {@link dev.callingest.CancelledException}. The result is
 * completed on the async executor, never on OkHttp's threads.
 */
final class AsyncExchange<T> implements Callback {
  private final HttpTransport transport;
  private final Exchange<T> exchange;
  private final Function<Runnable, AutoCloseable> pacingChanges;
  private final CancelSignal cancel;
  private final CompletableFuture<T> result = new CompletableFuture<>();

  /** What the signal stops now: the call in flight or the backoff. */
  private volatile CancelSignal.@Nullable Registration stop;

  AsyncExchange(
      HttpTransport transport,
      Exchange<T> exchange,
      Function<Runnable, AutoCloseable> pacingChanges,
      CancelSignal cancel) {
    this.transport = transport;
    this.exchange = exchange;
    this.pacingChanges = pacingChanges;
    this.cancel = cancel;
  }

  /** Sends the first attempt (without blocking) and returns the operation's result. */
  CompletableFuture<T> start() {
    attempt();
    return result;
  }

  private void attempt() {
    if (cancel.isCancelled()) {
      fail(
          exchange.cancelledBetweenAttempts(
              exchange.attempt() == 0 ? "before" : "before retrying"));
      return;
    }
    Call call;
    try {
      call = exchange.newCall();
    } catch (RuntimeException e) {
      fail(e);
      return;
    }
    // Registered before enqueueing: a cancel from now on cancels this call, even one not yet sent.
    stop = cancel.onCancel(call::cancel);
    call.enqueue(this);
  }

  @Override
  public void onFailure(Call call, IOException e) {
    unregister();
    try {
      if (cancel.isCancelled()) {
        fail(exchange.cancelledOnTheWire(e));
        return;
      }
      proceed(exchange.failed(e));
    } catch (RuntimeException | Error unexpected) {
      // Thrown on OkHttp's thread it would be lost, and the future would never complete.
      fail(unexpected);
    }
  }

  @Override
  public void onResponse(Call call, Response response) {
    RawResponse raw;
    try (response) {
      raw = exchange.read(response);
    } catch (IOException e) {
      onFailure(call, e);
      return;
    }
    unregister();
    try {
      proceed(exchange.answered(raw));
    } catch (RuntimeException | Error unexpected) {
      fail(unexpected); // a parser's or the pacing's bug: the caller sees it, as on the sync path
    }
  }

  private void proceed(Step<T> step) {
    if (!step.isRetry()) {
      if (step.failure != null) {
        fail(step.failure);
      } else {
        T value = step.value;
        transport.dispatch(() -> result.complete(value));
      }
      return;
    }
    exchange.retryScheduled(step);
    AsyncTimer.Handle backoff;
    try {
      backoff = transport.timer().schedule(step.delay, () -> transport.dispatch(() -> pace(step)));
    } catch (IllegalStateException closed) {
      fail(exchange.cancelledBetweenAttempts("while waiting to retry"));
      return;
    }
    stop =
        cancel.onCancel(
            () -> {
              if (backoff.cancel()) {
                fail(exchange.cancelledBetweenAttempts("while waiting to retry"));
              }
            });
  }

  /** After the backoff: waits, without a thread, until the pacing lets the retry go. */
  private void pace(Step<T> step) {
    unregister();
    int next = exchange.attempt() + 1;
    Instant waitingSince = transport.options().clock().instant();
    PacingWait.start(
            () -> {
              Optional<Duration> wait =
                  exchange.pacing().tryBeforeRetry(next, waitingSince, exchange.deadline());
              return wait.isPresent()
                  ? PacingWait.Answer.<Boolean>waitFor(wait.get())
                  : PacingWait.Answer.granted(Boolean.TRUE);
            },
            pacingChanges,
            transport,
            cancel,
            () -> exchange.cancelledBetweenAttempts("while pacing the retry of"))
        .whenComplete(
            (granted, failure) -> {
              if (failure == null) {
                attempt();
              } else if (failure instanceof CancelledException) {
                fail(failure); // already carries the attempt log
              } else if (failure instanceof RateLimitedException) {
                fail(exchange.pacingRefused(step, (RateLimitedException) failure));
              } else if (failure instanceof CallingestException) {
                fail(exchange.pacingStopped((CallingestException) failure));
              } else {
                fail(failure);
              }
            });
  }

  private void unregister() {
    CancelSignal.Registration registration = stop;
    if (registration != null) registration.close();
  }

  private void fail(Throwable failure) {
    transport.dispatch(() -> result.completeExceptionally(failure));
  }
}
