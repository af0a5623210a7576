package dev.callingest.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.FakeTime;
import dev.callingest.pacing.PacingStore.Reservation;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The contract on a real PostgreSQL server, started from Maven-shipped binaries. */
class JdbcPacingStorePostgresTest extends PacingStoreContract {
  static EmbeddedPostgres postgres;

  @BeforeAll
  static void startPostgres() throws IOException {
    postgres = EmbeddedPostgres.start();
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    if (postgres != null) postgres.close();
  }

  @Override
  PacingStore store(FakeTime time) {
    return JdbcPacingStore.builder(postgres.getPostgresDatabase()).clock(time).lease(LEASE).build();
  }

  @Test
  void theDatabasesClockIsTheDefault() {
    PacingStore onDatabaseTime = JdbcPacingStore.builder(postgres.getPostgresDatabase()).build();
    Reservation a = onDatabaseTime.reserve(account, first(1, 0));
    onDatabaseTime.settle(account, a.entryId(), true);

    assertThat(onDatabaseTime.used(account, BATCHES)).isEqualTo(1);
    Reservation b = onDatabaseTime.reserve(account, first(1, 0));
    assertThat(b.granted()).isTrue();
    onDatabaseTime.reserve(account, first(1, 0));
    Reservation wait = onDatabaseTime.reserve(account, first(1, 0));
    // The first counts an hour from its settling, a few database milliseconds ago.
    assertThat(wait.retryIn()).isBetween(HOUR.minusSeconds(30), HOUR);
  }
}
