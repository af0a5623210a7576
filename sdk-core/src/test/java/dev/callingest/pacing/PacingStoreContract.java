package dev.callingest.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.FakeTime;
import dev.callingest.pacing.PacingStore.Limit;
import dev.callingest.pacing.PacingStore.Request;
import dev.callingest.pacing.PacingStore.Reservation;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PacingStore} must do, run against the in-memory store, H2 and PostgreSQL. Time
 * is a {@link FakeTime} given to the store, so an hour passes at once.
 */
abstract class PacingStoreContract {
  static final Duration HOUR = Duration.ofHours(1);

  /** Longer than any test's span, except where a test lets a lease end. */
  static final Duration LEASE = Duration.ofHours(3);

  static final Limit BATCHES = Limit.of("batches", 3, HOUR, false);
  static final Limit CALLS = Limit.of("calls", 100, HOUR, true);

  final FakeTime time = new FakeTime();
  PacingStore store;

  /** A fresh account per test, so that tests sharing a database do not see each other. */
  String account;

  abstract PacingStore store(FakeTime time);

  /** Whether the store's entries and slots expire with their lease. */
  boolean hasLeases() {
    return true;
  }

  @BeforeEach
  void setUp() {
    store = store(time);
    account = "upload:" + UUID.randomUUID();
  }

  static Request first(int weight, int maxInFlight) {
    return Request.first(weight, List.of(BATCHES, CALLS), maxInFlight);
  }

  @Test
  void reservesUntilAWindowIsFullThenSaysExactlyHowLongToWait() {
    Reservation a = store.reserve(account, first(10, 0));
    time.advance(Duration.ofMinutes(10));
    Reservation b = store.reserve(account, first(10, 0));
    store.settle(account, a.entryId(), true); // ended 10 minutes in: counts from now
    store.settle(account, b.entryId(), true);
    store.reserve(account, first(10, 0));

    Reservation wait = store.reserve(account, first(10, 0));

    assertThat(a.granted()).isTrue();
    assertThat(a.entryId()).isNotEqualTo(b.entryId()).isNotZero();
    assertThat(a.slotId()).isZero();
    assertThat(wait.granted()).isFalse();
    assertThat(wait.limit()).contains("batches");
    assertThat(wait.certain()).isTrue();
    assertThat(wait.used()).isEqualTo(3);
    assertThat(wait.retryIn()).isEqualTo(HOUR); // both settled now: an hour from now
    assertThat(store.used(account, BATCHES)).isEqualTo(3);
    assertThat(store.used(account, CALLS)).isEqualTo(30);
  }

  @Test
  void anEntryUnderWayCountsForAWholeWindowFromWhenItEnds() {
    Reservation a = store.reserve(account, first(1, 0));
    store.reserve(account, first(1, 0));
    store.reserve(account, first(1, 0));
    time.advance(Duration.ofMinutes(90));

    assertThat(store.reserve(account, first(1, 0)).retryIn()).isEqualTo(HOUR);
    store.settle(account, a.entryId(), true);
    time.advance(Duration.ofMinutes(59));
    assertThat(store.used(account, BATCHES)).isEqualTo(3);
    time.advance(Duration.ofMinutes(1));
    assertThat(store.used(account, BATCHES)).isEqualTo(2);
  }

  @Test
  void aWeightedLimitWaitsForEnoughWeightToLeave() {
    Reservation a = store.reserve(account, first(60, 0));
    store.settle(account, a.entryId(), true);
    time.advance(Duration.ofMinutes(15));
    Reservation b = store.reserve(account, first(30, 0));
    store.settle(account, b.entryId(), true);

    Reservation wait = store.reserve(account, first(20, 0));

    assertThat(wait.limit()).contains("calls");
    assertThat(wait.used()).isEqualTo(90);
    assertThat(wait.retryIn()).isEqualTo(Duration.ofMinutes(45));
  }

  @Test
  void aDefiniteRefusalLeavesTheWindow() {
    Reservation a = store.reserve(account, first(1, 0));
    store.reserve(account, first(1, 0));

    store.settle(account, a.entryId(), false);
    store.settle(account, 987_654_321L, true); // unknown: ignored

    assertThat(store.used(account, BATCHES)).isEqualTo(1);
  }

  @Test
  void anUnreservedAttemptCountsFromNow() {
    store.count(account, 40);

    assertThat(store.used(account, CALLS)).isEqualTo(40);
    time.advance(HOUR);
    assertThat(store.used(account, CALLS)).isZero();
  }

  @Test
  void slotsAreCheckedAndTakenInTheSameStep() {
    Reservation a = store.reserve(account, first(1, 2));
    Reservation b = store.reserve(account, first(1, 2));

    Reservation wait = store.reserve(account, first(1, 2));

    assertThat(a.slotId()).isNotZero().isNotEqualTo(b.slotId());
    assertThat(wait.limit()).contains(PacingStore.IN_FLIGHT);
    assertThat(wait.certain()).isFalse(); // slots under way may free at any time
    assertThat(wait.used()).isEqualTo(2);
    assertThat(store.inFlight(account)).isEqualTo(2);
    store.freeSlot(account, a.slotId());
    assertThat(store.reserve(account, first(1, 2)).granted()).isTrue();
  }

  @Test
  void aKeptSlotWaitsForItsBatchOrItsExpiry() {
    Reservation a = store.reserve(account, first(1, 1));
    store.keepSlot(account, a.slotId(), Duration.ofMinutes(30), "b1");

    assertThat(store.reserve(account, first(1, 1)).granted()).isFalse();
    assertThat(store.finished(account, "other")).isFalse();
    assertThat(store.finished(account, "b1")).isTrue();
    assertThat(store.inFlight(account)).isZero();
    assertThat(store.finished(account, "b1")).isFalse();
  }

  @Test
  void aSlotHeldForAnUnknownOutcomeEndsByTimeAndTheWaitIsCertain() {
    Reservation a = store.reserve(account, first(1, 1));
    store.keepSlot(account, a.slotId(), Duration.ofMinutes(5), null);

    Reservation wait = store.reserve(account, first(1, 1));

    assertThat(wait.certain()).isTrue();
    assertThat(wait.retryIn()).isEqualTo(Duration.ofMinutes(5));
    time.advance(Duration.ofMinutes(5));
    assertThat(store.reserve(account, first(1, 1)).granted()).isTrue();
  }

  @Test
  void aRetryKeepsItsOwnSlotAndNeedsOneMoreBesideAHeldOne() {
    Reservation a = store.reserve(account, first(1, 2));
    store.settle(account, a.entryId(), true);
    Request retry = Request.retry(1, List.of(BATCHES, CALLS), 2, a.slotId());

    Reservation again = store.reserve(account, retry);
    store.settle(account, again.entryId(), true);
    store.holdSlot(account, Duration.ofMinutes(2)); // the retried attempt's outcome was unknown
    store.holdSlot(account, Duration.ofMinutes(3));
    Reservation third = store.reserve(account, retry);

    assertThat(again.granted()).isTrue();
    assertThat(again.slotId()).isZero();
    assertThat(third.granted()).isFalse();
    assertThat(third.retryIn()).isEqualTo(Duration.ofMinutes(2));
    assertThat(store.inFlight(account)).isEqualTo(3);
  }

  @Test
  void theServersBackOffHoldsSlotsUntilItEndsOrABatchIsSeenFinished() {
    Reservation a = store.reserve(account, first(1, 5));
    store.keepSlot(account, a.slotId(), Duration.ofMinutes(30), "b1");
    Reservation b = store.reserve(account, first(1, 5));
    store.serverBusy(account, Duration.ofSeconds(30));
    store.serverBusy(account, Duration.ofSeconds(10)); // shorter: changes nothing

    store.freeSlot(account, b.slotId()); // a refused request's slot: not a sign the server has room
    Reservation wait = store.reserve(account, first(1, 5));

    assertThat(wait.serverBusy()).isTrue();
    assertThat(wait.retryIn()).isEqualTo(Duration.ofSeconds(30));
    assertThat(store.reserve(account, Request.first(1, List.of(BATCHES), 0)).granted())
        .isTrue(); // no slot needed, no back-off
    store.finished(account, "b1");
    assertThat(store.reserve(account, Request.first(1, List.of(), 5)).granted()).isTrue();
  }

  @Test
  void theBackOffEndsByItself() {
    store.serverBusy(account, Duration.ofSeconds(30));
    time.advance(Duration.ofSeconds(30));

    assertThat(store.reserve(account, first(1, 5)).granted()).isTrue();
  }

  @Test
  void accountsAreApart() {
    store.reserve(account, first(1, 1));
    store.reserve(account, first(1, 1)).granted();

    assertThat(store.reserve(account + "-other", first(1, 1)).granted()).isTrue();
    assertThat(store.inFlight(account)).isEqualTo(1);
  }

  @Test
  void aDeadOwnersSlotFreesAndItsEntryCountsFromItsLeasesEnd() {
    if (!hasLeases()) return;
    Duration lease = ((JdbcPacingStore) store).lease();
    Reservation dead = store.reserve(account, first(1, 1));
    time.advance(lease.minusSeconds(1));
    assertThat(store.reserve(account, first(1, 1)).granted()).isFalse();

    time.advance(Duration.ofSeconds(1));

    assertThat(store.inFlight(account)).isZero();
    assertThat(store.reserve(account, first(1, 1)).granted()).isTrue();
    time.advance(HOUR.minusSeconds(1));
    assertThat(store.used(account, BATCHES)).isEqualTo(2); // the dead one counts an hour from then
    time.advance(Duration.ofSeconds(1));
    assertThat(store.used(account, BATCHES)).isEqualTo(1);
    assertThat(dead.granted()).isTrue();
  }

  @Test
  void aLiveOwnerRenewsItsLeasesButAnEndedLeaseStaysEnded() {
    if (!hasLeases()) return;
    Duration lease = ((JdbcPacingStore) store).lease();
    Reservation a = store.reserve(account, first(1, 2));
    Reservation b = store.reserve(account, first(1, 2));
    store.keepSlot(account, b.slotId(), Duration.ofDays(1), "b2");
    time.advance(lease.minusSeconds(1));

    store.renew(account, List.of(a.entryId(), a.slotId(), b.entryId(), b.slotId()));
    time.advance(lease.minusSeconds(1));

    assertThat(store.inFlight(account)).isEqualTo(2);
    assertThat(store.used(account, BATCHES)).isEqualTo(2);
    time.advance(Duration.ofSeconds(1));
    assertThat(store.inFlight(account)).isZero();
    store.renew(account, List.of(a.slotId(), b.slotId()));
    assertThat(store.inFlight(account)).isZero();
  }
}
