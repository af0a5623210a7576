package dev.callingest.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.ClientEventListener;
import dev.callingest.FakeTime;
import dev.callingest.internal.SlidingWindowPacer;
import dev.callingest.internal.SlidingWindowPacer.Outcome;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * The pacer renews the leases of what it holds (a request under way, a batch it waits to see
 * finished) from its own thread, so a live owner's slots never lapse while a dead one's do.
 */
class LeaseRenewalTest {
  private final FakeTime time = new FakeTime();
  private final JdbcDataSource dataSource = new JdbcDataSource();

  {
    dataSource.setURL("jdbc:h2:mem:lease-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
  }

  private long slotLease() throws Exception {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT MIN(lease_ns) FROM callingest_pacing_slot")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void aLiveOwnerKeepsItsSlotsPastTheLeaseAndStopsRenewingOnceFinished() throws Exception {
    JdbcPacingStore store =
        JdbcPacingStore.builder(dataSource)
            .clock(time)
            .lease(Duration.ofMinutes(2))
            .renewalInterval(Duration.ofMillis(20))
            .build();
    SlidingWindowPacer.Config config =
        new SlidingWindowPacer.Config(
            "a batch",
            "batches",
            List.of(
                new SlidingWindowPacer.Limit(
                    "batches", 100, Duration.ofHours(1), false, "batches")),
            2,
            "in-flight",
            Duration.ofMinutes(30),
            Duration.ofMinutes(5),
            Duration.ZERO,
            false);
    SlidingWindowPacer pacer =
        new SlidingWindowPacer(config, store, "upload:lease", time, time, ClientEventListener.NONE);

    SlidingWindowPacer.Ticket ticket = pacer.acquire(1);
    long first = slotLease();
    time.advance(Duration.ofSeconds(90));
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (slotLease() == first && System.nanoTime() < deadline) Thread.sleep(10);
    time.advance(Duration.ofSeconds(60)); // past the first lease: only a renewal keeps the slot

    assertThat(pacer.inFlightCount()).isEqualTo(1);
    pacer.release(ticket, Outcome.ACCEPTED, "b1");
    pacer.finished("b1");
    assertThat(pacer.inFlightCount()).isZero();
  }

  @Test
  void aSlotNobodyRenewsEndsWithItsLease() {
    JdbcPacingStore store =
        JdbcPacingStore.builder(dataSource).clock(time).lease(Duration.ofMinutes(2)).build();
    PacingStore.Reservation r =
        store.reserve("upload:dead", PacingStore.Request.first(1, List.of(), 1));
    store.keepSlot("upload:dead", r.slotId(), Duration.ofMinutes(30), "b9");

    time.advance(Duration.ofMinutes(2));

    assertThat(store.inFlight("upload:dead")).isZero();
  }
}
