package dev.callingest.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.callingest.FakeTime;
import dev.callingest.pacing.JdbcPacingStore;
import dev.callingest.pacing.PacingStoreException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * Two clients sharing one PostgreSQL pacing store count in one set of windows and slots; when the
 * database goes away, a submission fails closed: not sent, and the caller is told why.
 */
class SharedPacingStoreTest {
  private static final String ACCEPTED =
      "{\"success\":true,\"batch_id\":\"b1\",\"calls_submitted\":2,\"status\":\"processing\"}";

  @StartStop final MockWebServer server = new MockWebServer();
  private final FakeTime time = new FakeTime();

  @Test
  void twoClientsShareOneAccountAndAnUnreachableDatabaseStopsTheNextSubmission() throws Exception {
    EmbeddedPostgres postgres = EmbeddedPostgres.start();
    JdbcPacingStore store =
        JdbcPacingStore.builder(postgres.getPostgresDatabase())
            .clock(time)
            .queryTimeout(Duration.ofSeconds(2))
            .build();
    UploadPacing pacing =
        UploadPacing.builder()
            .batchesPerHour(2)
            .maxWait(Duration.ZERO)
            .store(store, "key-id-1")
            .build();
    try (UploadClient one = Fixtures.client(Fixtures.options(server, time).build(), pacing);
        UploadClient two = Fixtures.client(Fixtures.options(server, time).build(), pacing)) {
      server.enqueue(Fixtures.json(200, ACCEPTED));
      one.submit(Fixtures.batch(2));

      assertThat(two.pacer().used(Pacer.BATCHES)).isEqualTo(1); // counted once, seen by both
      assertThat(two.pacer().inFlightCount()).isEqualTo(1);

      postgres.close(); // the database goes away
      PacingStoreException e =
          catchThrowableOfType(PacingStoreException.class, () -> two.submit(Fixtures.batch(2)));

      assertThat(e)
          .hasMessageStartingWith(
              "client-side pacing could not be checked: the pacing store could not reserve (SQLState ")
          .hasMessageEndingWith("; nothing was sent");
      assertThat(e.attempts()).isZero();
      assertThat(e.possiblyProcessed()).isFalse();
      assertThat(server.getRequestCount()).isEqualTo(1); // nothing was sent
    } finally {
      postgres.close();
    }
  }
}
