package dev.callingest.callback;

import static dev.callingest.callback.DeliveryStore.Begin.DONE;
import static dev.callingest.callback.DeliveryStore.Begin.IN_PROGRESS;
import static dev.callingest.callback.DeliveryStore.Begin.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class InMemoryDeliveryStoreTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-15T10:00:00Z"));
  final Duration lease = Duration.ofSeconds(30);
  final Duration ttl = Duration.ofMinutes(10);

  @Test
  void aLeaseIsInProgressForOthersUntilCompletedThenDoneUntilItsTtl() {
    InMemoryDeliveryStore store = InMemoryDeliveryStore.create(10, clock);

    assertThat(store.begin("a", "owner-1", lease)).isEqualTo(STARTED);
    assertThat(store.begin("a", "owner-2", lease)).isEqualTo(IN_PROGRESS);
    assertThat(store.complete("a", "owner-1", ttl)).isTrue();
    assertThat(store.begin("a", "owner-2", lease)).isEqualTo(DONE);
    clock.advance(ttl.minusSeconds(1));
    assertThat(store.begin("a", "owner-2", lease)).isEqualTo(DONE);
    clock.advance(Duration.ofSeconds(1));
    assertThat(store.begin("a", "owner-2", lease)).isEqualTo(STARTED);
  }

  @Test
  void anExpiredLeaseIsTakenOverAndItsOldOwnerCanNoLongerActOnIt() {
    InMemoryDeliveryStore store = InMemoryDeliveryStore.create(10, clock);
    store.begin("a", "dead-node", lease);

    clock.advance(lease.minusMillis(1));
    assertThat(store.begin("a", "owner-2", lease)).isEqualTo(IN_PROGRESS);
    clock.advance(Duration.ofMillis(1));
    assertThat(store.begin("a", "owner-2", lease)).isEqualTo(STARTED);

    assertThat(store.complete("a", "dead-node", ttl)).isFalse();
    assertThat(store.abandon("a", "dead-node")).isFalse();
    assertThat(store.renew("a", "dead-node", lease)).isFalse();
    assertThat(store.begin("a", "owner-3", lease)).isEqualTo(IN_PROGRESS);
  }

  @Test
  void anOwnerWhoseLeaseExpiredCanStillCompleteWhileNobodyTookItOver() {
    InMemoryDeliveryStore store = InMemoryDeliveryStore.create(10, clock);
    store.begin("a", "slow", lease);
    clock.advance(lease.plusSeconds(5));

    assertThat(store.complete("a", "slow", ttl)).isTrue();
    assertThat(store.begin("a", "other", lease)).isEqualTo(DONE);
  }

  @Test
  void renewalKeepsTheLeaseAlive() {
    InMemoryDeliveryStore store = InMemoryDeliveryStore.create(10, clock);
    store.begin("a", "owner-1", lease);

    clock.advance(lease.minusSeconds(1));
    assertThat(store.renew("a", "owner-1", lease)).isTrue();
    clock.advance(lease.minusSeconds(1));
    assertThat(store.begin("a", "owner-2", lease)).isEqualTo(IN_PROGRESS);
    clock.advance(Duration.ofSeconds(1));
    assertThat(store.begin("a", "owner-2", lease)).isEqualTo(STARTED);
  }

  @Test
  void abandonFreesOnlyTheOwnersLease() {
    InMemoryDeliveryStore store = InMemoryDeliveryStore.create(10, clock);
    store.begin("a", "owner-1", lease);

    assertThat(store.abandon("a", "owner-2")).isFalse();
    assertThat(store.begin("a", "owner-2", lease)).isEqualTo(IN_PROGRESS);
    assertThat(store.abandon("a", "owner-1")).isTrue();
    assertThat(store.begin("a", "owner-2", lease)).isEqualTo(STARTED);
    assertThat(store.abandon("never-begun", "owner-1")).isFalse();
    store.complete("a", "owner-2", ttl);
    assertThat(store.abandon("a", "owner-2")).isFalse(); // done is done
    assertThat(store.begin("a", "owner-3", lease)).isEqualTo(DONE);
  }

  @Test
  void aDoneTtlOfForeverNeverExpires() {
    InMemoryDeliveryStore store = InMemoryDeliveryStore.create(10, clock);
    store.begin("a", "owner-1", lease);

    assertThat(store.complete("a", "owner-1", ChronoUnit.FOREVER.getDuration())).isTrue();
    clock.advance(Duration.ofDays(365 * 1000));
    assertThat(store.begin("a", "owner-2", lease)).isEqualTo(DONE);
  }

  @Test
  void whenFullOfLiveIdsItRefusesRatherThanForget() {
    InMemoryDeliveryStore store = InMemoryDeliveryStore.create(2, clock);
    store.begin("a", "o", lease);
    store.complete("a", "o", ttl);
    store.begin("b", "o", lease);

    assertThatThrownBy(() -> store.begin("c", "o", lease))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("InMemoryDeliveryStore is full: 2 deliveries are still within their TTL");
    assertThat(store.size()).isEqualTo(2);
    assertThat(store.begin("a", "p", lease)).isEqualTo(DONE);
    assertThat(store.begin("b", "p", lease)).isEqualTo(IN_PROGRESS);
  }

  @Test
  void whenFullItDropsExpiredIdsWhateverTheirOrder() {
    InMemoryDeliveryStore store = InMemoryDeliveryStore.create(2, clock);
    store.begin("long", "o", lease);
    store.complete("long", "o", ttl.multipliedBy(10));
    store.begin("short", "o", lease);
    store.complete("short", "o", ttl);
    clock.advance(ttl);

    assertThat(store.begin("c", "o", lease)).isEqualTo(STARTED);
    assertThat(store.begin("long", "p", lease)).isEqualTo(DONE);
    assertThat(store.size()).isEqualTo(2); // "short" expired behind a live entry and was dropped
    assertThatThrownBy(() -> store.begin("short", "p", lease))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void argumentsAreCheckedAtTheDoor() {
    InMemoryDeliveryStore store = InMemoryDeliveryStore.create(10, clock);

    assertThatThrownBy(() -> store.begin("a", "", lease))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("owner must have 1 to 64 characters");
    assertThatThrownBy(() -> store.begin("a", "x".repeat(65), lease))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.begin("a", "o", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("leaseTtl must be positive");
    assertThatThrownBy(() -> store.complete("a", "o", Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("doneTtl must be positive");
    assertThatThrownBy(() -> InMemoryDeliveryStore.create(0, clock))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
