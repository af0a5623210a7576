package dev.callingest.bulk;

import dev.callingest.internal.CancelSignal;
import dev.callingest.preflight.PreflightResult;
import dev.callingest.preflight.RecordingPreflight;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The importer's preflight: reads the input a little ahead, checks the recordings of the calls read
 * ahead on {@code concurrency} threads, and hands the calls on in their input order, each with its
 * {@link #lastResult() result}. A failure of the input itself reaches the importer after the calls
 * read before it. Calls read ahead when the import is cancelled are dropped unsent, as a rerun
 * would read them again. Waiting for a check ends at once when the import is cancelled (the call
 * then goes on unchecked, to be settled as cancelled); {@link #close()} cancels the checks under
 * way through {@link RecordingPreflight#close()}, which cancels their HTTP calls: no thread is
 * interrupted.
 */
final class PreflightStage<C> implements Iterator<C>, AutoCloseable {
  private static final System.Logger LOG = System.getLogger("dev.callingest.bulk");

  private final Iterator<? extends C> input;
  private final ImportTarget<C> target;
  private final RecordingPreflight preflight;
  private final Clock clock;
  private final Predicate<C> needsCheck;
  private final CancelSignal cancel;
  private final int lookAhead;
  private final ExecutorService checkers;
  private final Deque<Pending<C>> window = new ArrayDeque<>();
  private @Nullable RuntimeException inputFailure;
  private @Nullable PreflightResult last;

  private record Pending<C>(C call, CompletableFuture<PreflightResult> result) {}

  PreflightStage(
      Iterator<? extends C> input,
      ImportTarget<C> target,
      RecordingPreflight preflight,
      Clock clock,
      CancelSignal cancel,
      Predicate<C> needsCheck) {
    this.input = input;
    this.target = target;
    this.preflight = preflight;
    this.clock = clock;
    this.needsCheck = needsCheck;
    this.cancel = cancel;
    int concurrency = preflight.options().concurrency();
    this.lookAhead = concurrency * 4;
    AtomicInteger threads = new AtomicInteger();
    this.checkers =
        Executors.newFixedThreadPool(
            concurrency,
            runnable -> {
              Thread thread =
                  new Thread(runnable, "callingest-preflight-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  @Override
  public boolean hasNext() {
    fill();
    if (!window.isEmpty()) return true;
    if (inputFailure != null) {
      RuntimeException failure = inputFailure;
      inputFailure = null;
      throw failure;
    }
    return false;
  }

  @Override
  public C next() {
    if (!hasNext()) throw new NoSuchElementException();
    Pending<C> pending = window.removeFirst();
    last = await(pending.result);
    if (!cancel.isCancelled()) fill();
    return pending.call;
  }

  /**
   * The check's result, or null when it failed unexpectedly (not the call's fault: the call goes
   * unchecked rather than refused) or the import was cancelled first. An interrupt is restored.
   */
  private @Nullable PreflightResult await(CompletableFuture<PreflightResult> result) {
    CompletableFuture<Void> ended = new CompletableFuture<>();
    result.whenComplete((value, failure) -> ended.complete(null));
    try (CancelSignal.Registration registration = cancel.onCancel(() -> ended.complete(null))) {
      ended.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException e) {
      throw new AssertionError(e); // never completed exceptionally
    }
    if (!result.isDone()) return null; // cancelled
    try {
      return result.join();
    } catch (CompletionException | CancellationException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "a recording preflight failed unexpectedly; the call goes unchecked: "
              + (e.getCause() == null ? e : e.getCause()).getClass().getSimpleName());
      return null;
    }
  }

  /** The result for the call last returned by {@link #next()}, or null when it was not checked. */
  @Nullable PreflightResult lastResult() {
    return last;
  }

  private void fill() {
    while (inputFailure == null && window.size() < lookAhead) {
      C call;
      try {
        if (!input.hasNext()) return;
        call = input.next();
      } catch (RuntimeException e) {
        inputFailure = e;
        return;
      }
      String url = recordingUrl(call);
      CompletableFuture<PreflightResult> result =
          url == null
              ? CompletableFuture.completedFuture(null)
              : CompletableFuture.supplyAsync(
                  () -> preflight.check(url, clock.instant()), checkers);
      window.addLast(new Pending<>(call, result));
    }
  }

  private @Nullable String recordingUrl(C call) {
    try {
      return needsCheck.test(call) ? target.recordingUrl(call) : null;
    } catch (RuntimeException e) {
      return null; // an incomplete call: validation reports it
    }
  }

  /** Cancels the checks under way (their HTTP calls), drops those not started, ends the threads. */
  @Override
  public void close() {
    for (Pending<C> pending : window) pending.result.cancel(false);
    window.clear();
    preflight.close();
    checkers.shutdown();
  }
}
