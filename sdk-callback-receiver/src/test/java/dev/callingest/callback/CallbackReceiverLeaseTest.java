package dev.callingest.callback;

import static dev.callingest.callback.DeliveryStore.Begin.DONE;
import static dev.callingest.callback.DeliveryStore.Begin.IN_PROGRESS;
import static dev.callingest.callback.DeliveryStore.Begin.STARTED;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * How {@link CallbackReceiver#handle} uses the store's leases: 2xx only after a consumer finished.
 */
class CallbackReceiverLeaseTest {
  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
  static final byte[] BODY = "{\"call_id\":\"call_1\",\"intent\":\"INTERESTED\"}".getBytes(UTF_8);
  static final Duration LEASE = CallbackReceiver.DEFAULT_LEASE_DURATION;

  final MutableClock clock = new MutableClock(NOW);
  final InMemoryDeliveryStore memory = InMemoryDeliveryStore.create(100, clock);
  final List<Duration> sleeps = new ArrayList<>();
  final List<String> consumed = new CopyOnWriteArrayList<>();

  CallbackReceiver.Builder receiver(DeliveryStore store) {
    return CallbackReceiver.builder()
        .verifier(StandardWebhooksVerifier.builder().addSecret(SECRET).clock(clock).build())
        .deliveryStore(store);
  }

  static CallbackRequest request() {
    CallbackRequest.Builder builder = CallbackRequest.builder().method("POST").body(BODY);
    StandardWebhooksSigner.of(SECRET).headers("msg_1", NOW, BODY).forEach(builder::header);
    return builder.build();
  }

  void consume(String deliveryId, dev.callingest.analysis.CallAnalysis analysis) {
    consumed.add(deliveryId + " " + analysis.callId());
  }

  @Test
  void aDeliveryLeasedElsewhereIsAnswered503WithRetryAfterAndNotConsumed() {
    memory.begin("msg_1", "node-a", LEASE);
    CallbackReceiver nodeB = receiver(memory).inProgressWait(Duration.ZERO).build();

    CallbackOutcome outcome = nodeB.handle(request(), this::consume);

    assertThat(outcome.kind()).isEqualTo(CallbackOutcome.Kind.IN_PROGRESS);
    assertThat(outcome.statusCode()).isEqualTo(503);
    assertThat(outcome.retryAfter()).contains(LEASE);
    assertThat(outcome.retryAfterSeconds()).contains("30");
    assertThat(outcome.reason()).isEqualTo("delivery msg_1 is being handled under another lease");
    assertThat(outcome.isAccepted()).isFalse();
    assertThat(consumed).isEmpty();
  }

  @Test
  void waitingForALeaseHeldElsewhereEndsAsADuplicateWhenItsConsumerFinishes() {
    memory.begin("msg_1", "node-a", LEASE);
    CallbackReceiver nodeB =
        receiver(memory)
            .sleeper(
                duration -> {
                  sleeps.add(duration);
                  clock.advance(duration);
                  if (sleeps.size() == 3) memory.complete("msg_1", "node-a", Duration.ofHours(24));
                })
            .build();

    CallbackOutcome outcome = nodeB.handle(request(), this::consume);

    assertThat(outcome.kind()).isEqualTo(CallbackOutcome.Kind.DUPLICATE);
    assertThat(consumed).isEmpty();
    assertThat(sleeps).containsOnly(CallbackReceiver.POLL_INTERVAL).hasSize(3);
  }

  @Test
  void waitingForALeaseHeldElsewhereRunsTheConsumerWhenTheOtherAbandons() {
    memory.begin("msg_1", "node-a", LEASE);
    CallbackReceiver nodeB =
        receiver(memory)
            .sleeper(
                duration -> {
                  sleeps.add(duration);
                  clock.advance(duration);
                  memory.abandon("msg_1", "node-a");
                })
            .build();

    CallbackOutcome outcome = nodeB.handle(request(), this::consume);

    assertThat(outcome.kind()).isEqualTo(CallbackOutcome.Kind.ACCEPTED);
    assertThat(consumed).containsExactly("msg_1 call_1");
    assertThat(memory.begin("msg_1", "later", LEASE)).isEqualTo(DONE);
  }

  @Test
  void theWaitIsBoundedAndAnsweredInProgressAfterIt() {
    memory.begin("msg_1", "node-a", LEASE);
    CallbackReceiver nodeB =
        receiver(memory)
            .inProgressWait(Duration.ofMillis(500))
            .sleeper(
                duration -> {
                  sleeps.add(duration);
                  clock.advance(duration);
                })
            .build();

    CallbackOutcome outcome = nodeB.handle(request(), this::consume);

    assertThat(outcome.kind()).isEqualTo(CallbackOutcome.Kind.IN_PROGRESS);
    assertThat(sleeps)
        .containsExactly(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(100));
    assertThat(consumed).isEmpty();
  }

  @Test
  void anInterruptEndsTheWaitAndIsKept() {
    memory.begin("msg_1", "node-a", LEASE);
    CallbackReceiver nodeB =
        receiver(memory)
            .sleeper(
                duration -> {
                  throw new InterruptedException();
                })
            .build();

    CallbackOutcome outcome = nodeB.handle(request(), this::consume);

    assertThat(outcome.kind()).isEqualTo(CallbackOutcome.Kind.IN_PROGRESS);
    assertThat(Thread.interrupted()).isTrue();
  }

  @Test
  void aDeadNodesLeaseExpiresAndTheRetryIsHandled() {
    memory.begin("msg_1", "dead-node", LEASE); // began, then its process died: never renewed
    CallbackReceiver nodeB = receiver(memory).inProgressWait(Duration.ZERO).build();

    assertThat(nodeB.handle(request(), this::consume).statusCode()).isEqualTo(503);
    clock.advance(LEASE);
    CallbackOutcome retry = nodeB.handle(request(), this::consume);

    assertThat(retry.kind()).isEqualTo(CallbackOutcome.Kind.ACCEPTED);
    assertThat(consumed).containsExactly("msg_1 call_1");
    assertThat(nodeB.handle(request(), this::consume).kind())
        .isEqualTo(CallbackOutcome.Kind.DUPLICATE);
  }

  @Test
  void theDeliveryIsInProgressWhileTheConsumerRunsAndDoneOnlyAfterItReturns() {
    List<DeliveryStore.Begin> seenByOthers = new ArrayList<>();
    CallbackReceiver receiver = receiver(memory).build();

    CallbackOutcome outcome =
        receiver.handle(
            request(),
            (id, analysis) -> {
              seenByOthers.add(memory.begin(id, "other-node", LEASE));
            });

    assertThat(outcome.kind()).isEqualTo(CallbackOutcome.Kind.ACCEPTED);
    assertThat(seenByOthers).containsExactly(IN_PROGRESS);
    assertThat(memory.begin("msg_1", "other-node", LEASE)).isEqualTo(DONE);
  }

  @Test
  void whenAbandoningFailsTooTheConsumersExceptionIsKeptAndTheAnswerIs500() {
    FlakyStore store = new FlakyStore(memory);
    store.failAbandon = true;
    CallbackReceiver receiver = receiver(store).build();
    IOException crmDown = new IOException("CRM down");

    CallbackOutcome outcome =
        receiver.handle(
            request(),
            (id, analysis) -> {
              throw crmDown;
            });

    assertThat(outcome.kind()).isEqualTo(CallbackOutcome.Kind.FAILED);
    assertThat(outcome.statusCode()).isEqualTo(500);
    assertThat(outcome.failure()).containsSame(crmDown);
    assertThat(crmDown.getSuppressed())
        .singleElement()
        .isInstanceOf(DeliveryStoreException.class)
        .hasFieldOrPropertyWithValue("message", "store down while abandoning");
    assertThat(outcome.reason()).isEqualTo("consumer failed with java.io.IOException");
    // The lease was not abandoned: the retry waits for its expiry, then is handled.
    store.failAbandon = false;
    CallbackReceiver impatient = receiver(store).inProgressWait(Duration.ZERO).build();
    assertThat(impatient.handle(request(), this::consume).statusCode()).isEqualTo(503);
    clock.advance(LEASE);
    assertThat(impatient.handle(request(), this::consume).kind())
        .isEqualTo(CallbackOutcome.Kind.ACCEPTED);
    assertThat(consumed).containsExactly("msg_1 call_1");
  }

  @Test
  void anErrorFromTheConsumerAbandonsTheLeaseAndIsRethrownWithTheStoreFailureSuppressed() {
    FlakyStore store = new FlakyStore(memory);
    CallbackReceiver receiver = receiver(store).build();

    assertThatThrownBy(
            () ->
                receiver.handle(
                    request(),
                    (id, analysis) -> {
                      throw new StackOverflowError("deep");
                    }))
        .isInstanceOf(StackOverflowError.class);
    assertThat(receiver.handle(request(), this::consume).kind())
        .isEqualTo(CallbackOutcome.Kind.ACCEPTED);

    store.failAbandon = true;
    StackOverflowError error = new StackOverflowError("again");
    CallbackRequest.Builder other = CallbackRequest.builder().method("POST").body(BODY);
    StandardWebhooksSigner.of(SECRET).headers("msg_2", NOW, BODY).forEach(other::header);
    assertThatThrownBy(
            () ->
                receiver.handle(
                    other.build(),
                    (id, analysis) -> {
                      throw error;
                    }))
        .isSameAs(error);
    assertThat(error.getSuppressed()).singleElement().isInstanceOf(DeliveryStoreException.class);
  }

  @Test
  void whenTheStoreCannotRecordAFinishedDeliveryTheAnswerIs500WithTheStoreFailure() {
    FlakyStore store = new FlakyStore(memory);
    store.failComplete = true;
    CallbackReceiver receiver = receiver(store).build();

    CallbackOutcome outcome = receiver.handle(request(), this::consume);

    assertThat(outcome.kind()).isEqualTo(CallbackOutcome.Kind.FAILED);
    assertThat(outcome.statusCode()).isEqualTo(500);
    assertThat(outcome.failure().orElseThrow()).hasMessage("store down while completing");
    assertThat(outcome.reason())
        .isEqualTo(
            "consumer finished but the delivery store failed to"
                + " record it with dev.callingest.callback.DeliveryStoreException");
    assertThat(consumed).containsExactly("msg_1 call_1");
  }

  @Test
  void aConsumerThrowingInterruptedExceptionFailsAndTheInterruptIsKept() {
    CallbackReceiver receiver = receiver(memory).build();

    CallbackOutcome outcome =
        receiver.handle(
            request(),
            (id, analysis) -> {
              throw new InterruptedException("shutting down");
            });

    assertThat(Thread.interrupted()).isTrue();
    assertThat(outcome.kind()).isEqualTo(CallbackOutcome.Kind.FAILED);
    assertThat(memory.begin("msg_1", "retry", LEASE)).isEqualTo(STARTED);
  }

  @Test
  void aFinishedDeliveryWhoseLeaseWasTakenOverAndAbandonedIsStillRecordedAsDone() {
    CallbackReceiver receiver = receiver(memory).build();

    CallbackOutcome outcome =
        receiver.handle(
            request(),
            (id, analysis) -> {
              // A long pause: the lease expires, another node takes it over, its consumer fails.
              clock.advance(LEASE);
              assertThat(memory.begin(id, "other-node", LEASE)).isEqualTo(STARTED);
              assertThat(memory.abandon(id, "other-node")).isTrue();
              consume(id, analysis);
            });

    assertThat(outcome.kind()).isEqualTo(CallbackOutcome.Kind.ACCEPTED);
    assertThat(memory.begin("msg_1", "replay", LEASE)).isEqualTo(DONE);
  }

  @Test
  void aLongConsumerKeepsItsLeaseByRenewal() throws Exception {
    FlakyStore store = new FlakyStore(memory);
    CallbackReceiver receiver = receiver(store).leaseDuration(Duration.ofSeconds(1)).build();

    CallbackOutcome outcome =
        receiver.handle(
            request(),
            (id, analysis) -> {
              // Renewals come every third of the lease, on the receiver's own thread.
              assertThat(store.renewed.await(30, TimeUnit.SECONDS)).isTrue();
              // Past the first lease's end, nobody else can take it: it was renewed from "now".
              clock.advance(Duration.ofMillis(999));
              assertThat(memory.begin(id, "other-node", LEASE)).isEqualTo(IN_PROGRESS);
            });

    assertThat(outcome.kind()).isEqualTo(CallbackOutcome.Kind.ACCEPTED);
    assertThat(store.renewals.get()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void leaseAndWaitSettingsAreChecked() {
    assertThatThrownBy(() -> CallbackReceiver.builder().leaseDuration(Duration.ofMillis(999)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lease must be at least 1 second");
    assertThatThrownBy(() -> CallbackReceiver.builder().inProgressWait(Duration.ofSeconds(61)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("inProgressWait must be from zero to 1 minute");
    assertThat(receiver(memory).build().toString()).endsWith("lease=PT30S, inProgressWait=PT2S}");
  }

  /** Delegates to a real store, failing on demand and counting renewals. */
  static final class FlakyStore implements DeliveryStore {
    final DeliveryStore delegate;
    volatile boolean failAbandon;
    volatile boolean failComplete;
    final AtomicInteger renewals = new AtomicInteger();
    final CountDownLatch renewed = new CountDownLatch(2);

    FlakyStore(DeliveryStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public Begin begin(String deliveryId, String owner, Duration leaseTtl) {
      return delegate.begin(deliveryId, owner, leaseTtl);
    }

    @Override
    public boolean complete(String deliveryId, String owner, Duration doneTtl) {
      if (failComplete) {
        throw new DeliveryStoreException("store down while completing", new IOException("reset"));
      }
      return delegate.complete(deliveryId, owner, doneTtl);
    }

    @Override
    public boolean abandon(String deliveryId, String owner) {
      if (failAbandon) {
        throw new DeliveryStoreException("store down while abandoning", new IOException("reset"));
      }
      return delegate.abandon(deliveryId, owner);
    }

    @Override
    public boolean renew(String deliveryId, String owner, Duration leaseTtl) {
      boolean result = delegate.renew(deliveryId, owner, leaseTtl);
      if (result) {
        renewals.incrementAndGet();
        renewed.countDown();
      }
      return result;
    }
  }
}
