package dev.callingest.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryDeliveryStoreTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-15T10:00:00Z"));
  final Duration ttl = Duration.ofMinutes(10);

  @Test
  void claimsOnceUntilExpiry() {
    InMemoryDeliveryStore store = InMemoryDeliveryStore.create(10, clock);

    assertThat(store.claim("a", ttl)).isTrue();
    assertThat(store.claim("a", ttl)).isFalse();
    clock.advance(ttl.minusSeconds(1));
    assertThat(store.claim("a", ttl)).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(store.claim("a", ttl)).isTrue();
  }

  @Test
  void releaseForgets() {
    InMemoryDeliveryStore store = InMemoryDeliveryStore.create(10, clock);
    store.claim("a", ttl);

    store.release("a");

    assertThat(store.claim("a", ttl)).isTrue();
  }

  @Test
  void whenFullOfLiveIdsItRefusesRatherThanForget() {
    InMemoryDeliveryStore store = InMemoryDeliveryStore.create(2, clock);
    store.claim("a", ttl);
    store.claim("b", ttl);

    assertThatThrownBy(() -> store.claim("c", ttl))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("InMemoryDeliveryStore is full: 2 deliveries are still within their TTL");
    assertThat(store.size()).isEqualTo(2);
    assertThat(store.claim("a", ttl)).isFalse();
    assertThat(store.claim("b", ttl)).isFalse();
  }

  @Test
  void whenFullItDropsExpiredIdsWhateverTheirOrder() {
    InMemoryDeliveryStore store = InMemoryDeliveryStore.create(2, clock);
    store.claim("long", ttl.multipliedBy(10));
    store.claim("short", ttl);
    clock.advance(ttl);

    assertThat(store.claim("c", ttl)).isTrue();
    assertThat(store.claim("long", ttl)).isFalse();
    assertThat(store.size()).isEqualTo(2); // "short" expired behind a live entry and was dropped
    assertThatThrownBy(() -> store.claim("short", ttl)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void evictsExpiredEntries() {
    InMemoryDeliveryStore store = InMemoryDeliveryStore.create(10, clock);
    store.claim("a", ttl);
    store.claim("b", ttl);
    clock.advance(ttl);

    store.claim("c", ttl);

    assertThat(store.size()).isEqualTo(1);
    assertThatThrownBy(() -> InMemoryDeliveryStore.create(0, clock)).isInstanceOf(IllegalArgumentException.class);
  }
}
