package dev.callingest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callingest.FakeTime;
import dev.callingest.Sleeper;
import dev.callingest.ThreadProbe;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CancellableSleepTest {
  @Test
  void aCancelEndsAnHourOfTheSystemSleeperAtOnce() throws Exception {
    CancelSignal cancel = CancelSignal.create();
    CompletableFuture<Boolean> slept = new CompletableFuture<>();
    Thread sleeper =
        new Thread(
            () -> {
              try {
                slept.complete(CancellableSleep.sleep(Sleeper.SYSTEM, Duration.ofHours(1), cancel));
              } catch (InterruptedException e) {
                slept.completeExceptionally(e);
              }
            },
            "sleeping-test-thread");
    sleeper.start();
    ThreadProbe.awaitWaitingIn("sleeping-test-thread", CancellableSleep.class, "sleep");

    cancel.cancel();

    assertThat(slept.get(30, TimeUnit.SECONDS)).isFalse();
    assertThat(CancellableSleep.sleep(Sleeper.SYSTEM, Duration.ofHours(1), cancel)).isFalse();
  }

  @Test
  void anInjectedSleeperSleepsAndTheCancelIsCheckedAfterIt() throws Exception {
    FakeTime time = new FakeTime();
    CancelSignal cancel = CancelSignal.create();
    assertThat(CancellableSleep.sleep(time, Duration.ofMinutes(5), cancel)).isTrue();
    assertThat(time.sleeps()).containsExactly(Duration.ofMinutes(5));
    Sleeper cancelling = duration -> cancel.cancel(); // raised while it "sleeps"
    assertThat(CancellableSleep.sleep(cancelling, Duration.ofMinutes(5), cancel)).isFalse();
    assertThat(CancellableSleep.sleep(time, Duration.ofMinutes(5), cancel)).isFalse();
    assertThat(time.sleeps()).hasSize(1); // a raised signal sleeps no more
  }

  @Test
  void anInterruptEndsTheSleepAndIsReported() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(
              () ->
                  CancellableSleep.sleep(
                      Sleeper.SYSTEM, Duration.ofHours(1), CancelSignal.create()))
          .isInstanceOf(InterruptedException.class);
    } finally {
      Thread.interrupted();
    }
  }
}
