package dev.callingest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.callingest.CancelledException;
import dev.callingest.ClientEventListener;
import dev.callingest.FakeTime;
import dev.callingest.RateLimitedException;
import dev.callingest.SignalAwareTime;
import dev.callingest.internal.SlidingWindowPacer.Outcome;
import dev.callingest.pacing.InMemoryPacingStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shared pacer on an injected clock: what counts, from when, and who wakes whom. */
class SlidingWindowPacerTest {
  private static final Duration HOUR = Duration.ofHours(1);
  private final List<String> waits = new CopyOnWriteArrayList<>();
  private final ClientEventListener listener =
      new ClientEventListener() {
        @Override
        public void rateLimitWait(String limit, Duration wait) {
          waits.add(limit + " " + wait);
        }
      };

  private static SlidingWindowPacer.Config config(int batches, int inFlight, Duration maxWait) {
    return new SlidingWindowPacer.Config(
        "a batch",
        "batches",
        List.of(
            new SlidingWindowPacer.Limit("batches", batches, HOUR, false, "batches"),
            new SlidingWindowPacer.Limit("calls", batches * 100, HOUR, true, "calls")),
        inFlight,
        "in-flight",
        Duration.ofMinutes(30),
        Duration.ofMinutes(5),
        maxWait,
        false);
  }

  private SlidingWindowPacer pacer(SlidingWindowPacer.Config config, FakeTime time) {
    return new SlidingWindowPacer(config, time, time, listener);
  }

  @Test
  void aBatchCountsForAWholeWindowFromItsResponseNotFromItsPermit() {
    FakeTime time = new FakeTime();
    SlidingWindowPacer pacer = pacer(config(1, 0, Duration.ofHours(2)), time);
    SlidingWindowPacer.Ticket first = pacer.acquire(1);
    time.advance(Duration.ofSeconds(8)); // the request takes 8 s; the server records it meanwhile
    pacer.release(first, Outcome.ACCEPTED, "b1");
    time.advance(
        HOUR.minusSeconds(8)); // an hour after the permit, 8 s short of one after the response

    pacer.acquire(1);

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(8));
    assertThat(waits).containsExactly("batches PT8S");
  }

  @Test
  void aRequestUnderWayCountsAndBlocksTheWindowForAtLeastAWindow() {
    FakeTime time = new FakeTime();
    SlidingWindowPacer pacer = pacer(config(1, 0, Duration.ofMinutes(59)), time);
    pacer.acquire(1); // never released yet

    RateLimitedException e =
        catchThrowableOfType(RateLimitedException.class, () -> pacer.acquire(1));

    assertThat(e.isClientSide()).isTrue();
    assertThat(e.retryAfter()).contains(HOUR);
    assertThat(e)
        .hasMessage(
            "client-side pacing: 1 batches were sent in the last hour; the next could go"
                + " in 3600 s, longer than maxWait 3540 s; nothing was sent");
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void inDoubtAttemptsCountAndDefiniteRefusalsDoNot() {
    FakeTime time = new FakeTime();
    SlidingWindowPacer pacer = pacer(config(100, 0, Duration.ZERO), time);

    pacer.release(pacer.acquire(10), Outcome.DEFINITE_REFUSAL, null);
    pacer.release(pacer.acquire(10), Outcome.RATE_LIMITED, null);
    assertThat(pacer.used("batches")).isZero();
    assertThat(pacer.used("calls")).isZero();

    pacer.release(pacer.acquire(10), Outcome.POSSIBLY_RECORDED, null);
    pacer.release(pacer.acquire(10), Outcome.UNKNOWN, null);
    // Two in-doubt attempts before the one that was accepted: three batches may exist on the
    // server.
    pacer.release(
        pacer.acquire(10),
        List.of(Outcome.POSSIBLY_RECORDED, Outcome.UNKNOWN, Outcome.ACCEPTED),
        "b5");
    assertThat(pacer.used("batches")).isEqualTo(5);
    assertThat(pacer.used("calls")).isEqualTo(50);

    time.advance(HOUR);
    assertThat(pacer.used("batches")).isZero();
  }

  @Test
  void refusalsCountWhenTheServerCountsEveryAnsweredRequest() {
    FakeTime time = new FakeTime();
    SlidingWindowPacer.Config config =
        new SlidingWindowPacer.Config(
            "a request",
            "requests",
            List.of(
                new SlidingWindowPacer.Limit(
                    "requests", 5, Duration.ofMinutes(1), false, "requests")),
            0,
            "in-flight",
            Duration.ZERO,
            Duration.ZERO,
            Duration.ZERO,
            true);
    SlidingWindowPacer pacer = pacer(config, time);

    pacer.release(pacer.acquire(1), Outcome.DEFINITE_REFUSAL, null);
    pacer.release(pacer.acquire(1), Outcome.RATE_LIMITED, null);
    pacer.release(pacer.acquire(1), Outcome.NOT_SENT, null); // the server never saw it

    assertThat(pacer.used("requests")).isEqualTo(1);
  }

  @Test
  void slotsFreeAtOnceOnAnAnswerAndAreHeldForABoundedTimeWhenTheOutcomeIsUnknown() {
    FakeTime time = new FakeTime();
    SlidingWindowPacer pacer = pacer(config(100, 3, Duration.ofMinutes(10)), time);

    pacer.release(pacer.acquire(1), Outcome.POSSIBLY_RECORDED, null); // HTTP 500: answered
    pacer.release(pacer.acquire(1), Outcome.DEFINITE_REFUSAL, null);
    assertThat(pacer.inFlightCount()).isZero();

    pacer.release(pacer.acquire(1), Outcome.UNKNOWN, null);
    pacer.release(pacer.acquire(1), List.of(Outcome.UNKNOWN, Outcome.ACCEPTED), "b4");
    assertThat(pacer.inFlightCount()).isEqualTo(3); // two unknown holds and one accepted batch

    pacer.acquire(1); // waits for the unknown holds to lapse: nothing else can free them

    assertThat(time.sleeps()).containsExactly(Duration.ofMinutes(5));
    assertThat(waits).containsExactly("in-flight PT5M");
  }

  @Test
  void certainWaitsForTimedHoldsFailFastWhenLongerThanMaxWait() {
    FakeTime time = new FakeTime();
    SlidingWindowPacer pacer = pacer(config(100, 1, Duration.ofMinutes(1)), time);
    pacer.release(pacer.acquire(1), Outcome.UNKNOWN, null);

    RateLimitedException e =
        catchThrowableOfType(RateLimitedException.class, () -> pacer.acquire(1));

    assertThat(e.retryAfter()).contains(Duration.ofMinutes(5));
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void aWaiterIsWokenWhenABatchFinishes() throws Exception {
    SignalAwareTime time = new SignalAwareTime(Duration.ofSeconds(30));
    SlidingWindowPacer pacer = pacer(config(100, 1, Duration.ofMinutes(1)), time);
    pacer.release(pacer.acquire(1), Outcome.ACCEPTED, "b1");
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch started = new CountDownLatch(1);
      Future<SlidingWindowPacer.Ticket> waiter =
          thread.submit(
              () -> {
                started.countDown();
                return pacer.acquire(1);
              });
      started.await();
      awaitWaiting(waits);

      pacer.finished("b1");

      assertThat(waiter.get(20, TimeUnit.SECONDS)).isNotNull();
      assertThat(time.sleeps()).isEmpty(); // the fake clock never moved: the signal woke it
      assertThat(waits).containsExactly("in-flight PT1M");
    } finally {
      thread.shutdownNow();
    }
  }

  @Test
  void wakeAllMakesEveryWaiterCheckAgain() throws Exception {
    SignalAwareTime time = new SignalAwareTime(Duration.ofSeconds(30));
    SlidingWindowPacer pacer = pacer(config(100, 1, Duration.ofMinutes(1)), time);
    pacer.release(pacer.acquire(1), Outcome.ACCEPTED, "b1");
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<?> waiter = thread.submit(() -> pacer.acquire(1));
      awaitWaiting(waits);

      thread.shutdownNow(); // interrupts the waiter
      pacer.wakeAll();

      Throwable failure =
          catchThrowableOfType(
                  java.util.concurrent.ExecutionException.class,
                  () -> waiter.get(20, TimeUnit.SECONDS))
              .getCause();
      assertThat(failure).hasMessage("interrupted while pacing a batch; nothing was sent");
    } finally {
      thread.shutdownNow();
    }
  }

  @Test
  void aCancelledWaiterGivesUpWhenWoken() throws Exception {
    SignalAwareTime time = new SignalAwareTime(Duration.ofSeconds(30));
    SlidingWindowPacer pacer = pacer(config(100, 1, Duration.ofMinutes(1)), time);
    pacer.release(pacer.acquire(1), Outcome.ACCEPTED, "b1");
    CancelSignal cancel = CancelSignal.create();
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<?> waiter = thread.submit(() -> pacer.acquire(1, null, cancel));
      awaitWaiting(waits);

      cancel.cancel(); // wakes the wait by itself: no wakeAll()

      Throwable failure =
          catchThrowableOfType(
                  java.util.concurrent.ExecutionException.class,
                  () -> waiter.get(20, TimeUnit.SECONDS))
              .getCause();
      assertThat(failure)
          .isInstanceOf(CancelledException.class)
          .hasMessage("cancelled while pacing a batch; nothing was sent");
      assertThat(time.sleeps()).isEmpty();
      assertThat(pacer.inFlightCount()).isEqualTo(1);
    } finally {
      thread.shutdownNow();
    }
  }

  @Test
  void eachAttemptCountsFromItsOwnEndAndARefusedOneFreesItsPlace() {
    FakeTime time = new FakeTime();
    SlidingWindowPacer pacer = pacer(config(3, 0, Duration.ofHours(2)), time);
    SlidingWindowPacer.Ticket ticket = pacer.acquire(10);
    assertThat(pacer.used("batches")).isEqualTo(1); // under way: it counts
    time.advance(Duration.ofMinutes(1));
    ticket.attemptEnded(1, Outcome.POSSIBLY_RECORDED); // a 500 one minute in
    ticket.beforeRetry(2, null);
    assertThat(pacer.used("batches")).isEqualTo(2);
    ticket.attemptEnded(2, Outcome.DEFINITE_REFUSAL); // a 503: recorded nothing
    assertThat(pacer.used("batches")).isEqualTo(1);
    ticket.beforeRetry(3, null);
    time.advance(Duration.ofMinutes(1));
    ticket.attemptEnded(3, Outcome.ACCEPTED);
    pacer.release(ticket, Outcome.ACCEPTED, "b1");
    assertThat(pacer.used("batches")).isEqualTo(2);
    assertThat(pacer.used("calls")).isEqualTo(20);

    time.advance(
        HOUR.minusMinutes(1)); // the 500 left the window; the acceptance has a minute to go
    assertThat(pacer.used("batches")).isEqualTo(1);
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void aRetryWhoseWaitWouldPassTheDeadlineIsRefusedAtOnce() {
    FakeTime time = new FakeTime();
    SlidingWindowPacer pacer = pacer(config(1, 0, Duration.ofHours(2)), time);
    SlidingWindowPacer.Ticket ticket = pacer.acquire(1);
    ticket.attemptEnded(1, Outcome.UNKNOWN);

    RateLimitedException e =
        catchThrowableOfType(
            RateLimitedException.class,
            () -> ticket.beforeRetry(2, time.instant().plus(Duration.ofMinutes(10))));

    assertThat(e.isClientSide()).isTrue();
    assertThat(e)
        .hasMessage(
            "client-side pacing: 1 batches were sent in the last hour; the next could go"
                + " in 3600 s, after the request's deadline; attempt 2 was not sent");
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void aCancelledRetryGivesUpWhenWoken() throws Exception {
    SignalAwareTime time = new SignalAwareTime(Duration.ofSeconds(30));
    SlidingWindowPacer pacer = pacer(config(1, 0, Duration.ofHours(2)), time);
    CancelSignal cancel = CancelSignal.create();
    SlidingWindowPacer.Ticket ticket = pacer.acquire(1, null, cancel);
    ticket.attemptEnded(1, Outcome.POSSIBLY_RECORDED);
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<?> retry = thread.submit(() -> ticket.beforeRetry(2, null));
      awaitWaiting(waits);

      cancel.cancel();

      Throwable failure =
          catchThrowableOfType(
                  java.util.concurrent.ExecutionException.class,
                  () -> retry.get(20, TimeUnit.SECONDS))
              .getCause();
      assertThat(failure)
          .isInstanceOf(CancelledException.class)
          .hasMessage("cancelled while pacing a batch; attempt 2 was not sent");
      assertThat(time.sleeps()).isEmpty();
      assertThat(pacer.used("batches")).isEqualTo(1); // the answered attempt still counts
    } finally {
      thread.shutdownNow();
    }
  }

  @Test
  void moreSubmittersThanSlotsAllGoThroughUnderTheDefaultMaxWait() throws Exception {
    SignalAwareTime time = new SignalAwareTime(Duration.ofSeconds(30));
    SlidingWindowPacer pacer = pacer(config(100, 10, Duration.ofMinutes(1)), time);
    ExecutorService submitters = Executors.newFixedThreadPool(25);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        String id = "b" + i;
        done.add(
            submitters.submit(
                () -> {
                  SlidingWindowPacer.Ticket ticket = pacer.acquire(1);
                  pacer.release(ticket, Outcome.ACCEPTED, id);
                  Thread.sleep(5); // the batch is processed, then seen terminal
                  pacer.finished(id);
                  return null;
                }));
      }
      for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
    } finally {
      submitters.shutdownNow();
    }
    assertThat(pacer.inFlightCount()).isZero();
    assertThat(pacer.used("batches")).isEqualTo(25);
  }

  @Test
  void aServerReportingItsSlotsFullHoldsSubmissionsUntilItsWaitOrASlotFrees() {
    FakeTime time = new FakeTime();
    SlidingWindowPacer pacer = pacer(config(100, 10, Duration.ofMinutes(1)), time);
    pacer.release(pacer.acquire(1), Outcome.RATE_LIMITED, null);
    pacer.serverAtInFlightLimit(Duration.ofSeconds(7));

    pacer.acquire(1);

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(7));
    assertThat(waits).containsExactly("in-flight PT7S");
  }

  @Test
  void pacersGivenOneStoreAndAccountShareItsWindowsAndSlots() {
    FakeTime time = new FakeTime();
    InMemoryPacingStore store = InMemoryPacingStore.create(time, Duration.ofSeconds(1));
    SlidingWindowPacer one =
        new SlidingWindowPacer(config(2, 10, Duration.ZERO), store, "acct", time, time, listener);
    SlidingWindowPacer two =
        new SlidingWindowPacer(config(2, 10, Duration.ZERO), store, "acct", time, time, listener);
    SlidingWindowPacer otherAccount =
        new SlidingWindowPacer(config(2, 10, Duration.ZERO), store, "other", time, time, listener);

    one.release(one.acquire(7), Outcome.ACCEPTED, "b1");
    two.release(two.acquire(3), Outcome.ACCEPTED, "b2");

    assertThat(two.used("calls")).isEqualTo(10);
    assertThat(one.inFlightCount()).isEqualTo(2);
    RateLimitedException e = catchThrowableOfType(RateLimitedException.class, () -> one.acquire(1));
    assertThat(e)
        .hasMessageStartingWith("client-side pacing: 2 batches were sent in the last hour");
    assertThat(otherAccount.acquire(1)).isNotNull();
    one.finished("b2"); // a batch another pacer submitted, seen finished here
    assertThat(two.inFlightCount()).isEqualTo(1);
  }

  @Test
  void tryAcquireNeverWaitsAndSaysHowLong() {
    FakeTime time = new FakeTime();
    SlidingWindowPacer pacer = pacer(config(1, 0, Duration.ofHours(2)), time);
    pacer.release(pacer.acquire(1), Outcome.ACCEPTED, "b1");
    time.advance(Duration.ofMinutes(20));

    SlidingWindowPacer.Admission admission = pacer.tryAcquire(1, time.instant(), null);

    assertThat(admission.granted()).isFalse();
    assertThat(admission.retryIn()).isEqualTo(Duration.ofMinutes(40));
    assertThat(time.sleeps()).isEmpty();
    time.advance(Duration.ofMinutes(40));
    assertThat(pacer.tryAcquire(1, time.instant(), null).granted()).isTrue();
    RateLimitedException e =
        catchThrowableOfType(
            RateLimitedException.class,
            () -> pacer.tryAcquire(1, time.instant(), time.instant().plus(Duration.ofMinutes(5))));
    assertThat(e).hasMessageContaining("after the request's deadline; nothing was sent");
  }

  @Test
  void tryAcquireCapsAnUncertainWaitAtWhatIsLeftAndTheStoresPollInterval() {
    FakeTime time = new FakeTime();
    InMemoryPacingStore store = InMemoryPacingStore.create(time, Duration.ofSeconds(1));
    SlidingWindowPacer pacer =
        new SlidingWindowPacer(
            config(100, 1, Duration.ofMinutes(1)), store, "acct", time, time, listener);
    pacer.release(pacer.acquire(1), Outcome.ACCEPTED, "b1"); // held until seen finished

    SlidingWindowPacer.Admission admission = pacer.tryAcquire(1, time.instant(), null);

    assertThat(admission.granted()).isFalse();
    assertThat(admission.retryIn()).isEqualTo(Duration.ofSeconds(1));
    time.advance(Duration.ofMinutes(1));
    assertThat(
            catchThrowableOfType(
                RateLimitedException.class,
                () -> pacer.tryAcquire(1, time.instant().minus(Duration.ofMinutes(1)), null)))
        .hasMessageContaining("no slot freed within maxWait 60 s");
  }

  @Test
  void tryBeforeRetryCountsTheRetryOnlyWhenItMayGo() {
    FakeTime time = new FakeTime();
    SlidingWindowPacer pacer = pacer(config(2, 0, Duration.ofHours(2)), time);
    SlidingWindowPacer.Ticket other = pacer.acquire(1);
    SlidingWindowPacer.Ticket ticket = pacer.acquire(1);
    ticket.attemptEnded(1, Outcome.POSSIBLY_RECORDED);

    Optional<Duration> wait = ticket.tryBeforeRetry(2, time.instant(), null);

    assertThat(wait).contains(HOUR);
    assertThat(pacer.used("batches")).isEqualTo(2);
    pacer.release(other, Outcome.NOT_SENT, null); // never sent: leaves the window
    assertThat(ticket.tryBeforeRetry(2, time.instant(), null)).isEmpty();
    assertThat(pacer.used("batches")).isEqualTo(2); // the 500 and the retry under way
    assertThat(AttemptPacing.NONE.tryBeforeRetry(2, time.instant(), null)).isEmpty();
  }

  @Test
  void whenChangedRunsOnceAtTheNextChangeOutsideEveryLock() throws Exception {
    FakeTime time = new FakeTime();
    SlidingWindowPacer pacer = pacer(config(100, 1, Duration.ofMinutes(1)), time);
    pacer.release(pacer.acquire(1), Outcome.ACCEPTED, "b1");
    List<Boolean> granted = new CopyOnWriteArrayList<>();
    // The action itself reserves: it would deadlock if it ran under a lock the pacer holds.
    pacer.whenChanged(() -> granted.add(pacer.tryAcquire(1, time.instant(), null).granted()));
    AutoCloseable removed = pacer.whenChanged(() -> granted.add(false));
    removed.close();

    pacer.finished("b1");
    pacer.wakeAll();

    assertThat(granted).containsExactly(true);
  }

  @Test
  void aRefusedReleaseDoesNotClearTheServersBackOffButAFinishedBatchDoes() {
    FakeTime time = new FakeTime();
    SlidingWindowPacer pacer = pacer(config(100, 10, Duration.ofMinutes(1)), time);
    pacer.release(pacer.acquire(1), Outcome.ACCEPTED, "b1");
    SlidingWindowPacer.Ticket refused = pacer.acquire(1);
    pacer.serverAtInFlightLimit(Duration.ofSeconds(30));

    pacer.release(refused, Outcome.DEFINITE_REFUSAL, null); // its slot frees; the back-off stays

    assertThat(pacer.tryAcquire(1, time.instant(), null).retryIn())
        .isEqualTo(Duration.ofSeconds(30));
    pacer.finished("b1");
    assertThat(pacer.tryAcquire(1, time.instant(), null).granted()).isTrue();
  }

  @Test
  void aSlowListenerDoesNotHoldUpOtherSubmissions() throws Exception {
    SignalAwareTime time = new SignalAwareTime(Duration.ofSeconds(30));
    CountDownLatch inListener = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ClientEventListener slow =
        new ClientEventListener() {
          @Override
          public void rateLimitWait(String limit, Duration wait) {
            inListener.countDown();
            try {
              release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    SlidingWindowPacer pacer =
        new SlidingWindowPacer(config(100, 1, Duration.ofMinutes(1)), time, time, slow);
    SlidingWindowPacer.Ticket held = pacer.acquire(1);
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<?> waiter =
          thread.submit(() -> pacer.acquire(1)); // must wait: its listener call blocks
      assertThat(inListener.await(20, TimeUnit.SECONDS)).isTrue();

      // While that listener is still running, every other pacer operation goes through.
      pacer.release(held, Outcome.DEFINITE_REFUSAL, null);
      SlidingWindowPacer.Ticket next = pacer.acquire(1);
      pacer.release(next, Outcome.ACCEPTED, "b2");
      assertThat(pacer.inFlightCount()).isEqualTo(1);
      assertThat(waiter.isDone()).isFalse();

      release.countDown();
      pacer.finished("b2");
      waiter.get(20, TimeUnit.SECONDS);
    } finally {
      release.countDown();
      thread.shutdownNow();
    }
  }

  private static void awaitWaiting(List<String> waits) throws InterruptedException {
    for (int i = 0; i < 2000 && waits.isEmpty(); i++) Thread.sleep(5);
    assertThat(waits).isNotEmpty();
  }
}
