package dev.callingest.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callingest.FakeTime;
import dev.callingest.bulk.BulkImporterTest.Call;
import dev.callingest.bulk.BulkImporterTest.FakeTarget;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * PostgreSQL stops in the middle of an import: the import fails closed (nothing is sent that was
 * not journaled, unsent calls end FAILED saying why) and, once the database is back, a rerun
 * settles every call truthfully.
 */
class JdbcJournalOutageTest {
  @TempDir Path data;
  final FakeTime time = new FakeTime();
  final List<CallOutcome> outcomes = new CopyOnWriteArrayList<>();
  volatile EmbeddedPostgres postgres;

  @Test
  void anImportFailsClosedWhenTheDatabaseGoesAwayAndARerunIsTruthful() throws Exception {
    postgres = start(0);
    int port = postgres.getPort();
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(postgres.getJdbcUrl("postgres", "postgres"));
    dataSource.setConnectTimeout(5);
    try {
      JdbcImportJournal journal =
          JdbcImportJournal.builder(dataSource, "outage").clock(time).build();
      journal.createTablesIfNotExist();
      FakeTarget first = new FakeTarget(100, Long.MAX_VALUE, false);
      AtomicInteger batches = new AtomicInteger();
      // The database stops while the third batch is on the wire; the server accepts that batch.
      first.failure =
          batch -> {
            if (batches.incrementAndGet() == 3) stop();
            return null;
          };

      assertThatThrownBy(() -> importer(first, journal).run(calls(40)))
          .isInstanceOf(ImportJournalException.class)
          .hasMessageStartingWith(
              "cannot write the journal of import outage in the database"
                  + " (unreachable or failing): ");

      assertThat(first.batches).hasSize(3);
      assertThat(outcomes).filteredOn(o -> o.kind() == OutcomeKind.ACCEPTED).hasSize(15);
      assertThat(outcomes)
          .filteredOn(o -> o.kind() == OutcomeKind.FAILED)
          .isNotEmpty()
          .allSatisfy(
              o -> {
                assertThat(first.received).doesNotContainKey(o.callId());
                assertThat(o.reason())
                    .hasValueSatisfying(
                        r ->
                            assertThat(r)
                                .startsWith(
                                    "not sent: the import journal could not record the submission"
                                        + " (cannot write the journal of import outage in the"
                                        + " database (unreachable or failing)"));
              });
      assertThat(outcomes.stream().map(CallOutcome::callId).distinct().count())
          .isEqualTo(outcomes.size());

      // The database is back with its data; the dead run's lease was not given up, so the rerun
      // waits for it to expire.
      postgres = start(port);
      outcomes.clear();
      assertThatThrownBy(
              () -> importer(new FakeTarget(100, Long.MAX_VALUE, false), journal).run(calls(40)))
          .isInstanceOf(ImportLeaseException.class);
      time.advance(JdbcImportJournal.DEFAULT_LEASE.plusSeconds(1));
      FakeTarget second = new FakeTarget(100, Long.MAX_VALUE, false);
      ImportReport rerun = importer(second, journal).run(calls(40));

      // Batches 1 and 2 were journaled accepted; batch 3's acceptance was not: sent again, flagged.
      assertThat(rerun.count(OutcomeKind.SKIPPED)).isEqualTo(10);
      assertThat(rerun.accepted()).isEqualTo(30);
      assertThat(outcomes)
          .filteredOn(CallOutcome::possibleDuplicate)
          .extracting(CallOutcome::callId)
          .containsExactlyInAnyOrder("c11", "c12", "c13", "c14", "c15");
      Map<String, Integer> union = new HashMap<>(first.received);
      second.received.forEach((id, n) -> union.merge(id, n, Integer::sum));
      assertThat(union).hasSize(40);
      union.forEach(
          (id, n) ->
              assertThat(n > 1)
                  .as(id)
                  .isEqualTo(
                      outcomes.stream()
                          .anyMatch(o -> o.callId().equals(id) && o.possibleDuplicate())));
    } finally {
      stop();
    }
  }

  private BulkImporter<Call> importer(FakeTarget target, JdbcImportJournal journal) {
    return BulkImporter.builder(target)
        .clock(time)
        .sleeper(time)
        .concurrency(1)
        .batchSize(5)
        .journal(journal)
        .listener(
            new ImportListener() {
              @Override
              public void onOutcome(CallOutcome outcome) {
                outcomes.add(outcome);
              }
            })
        .build();
  }

  private EmbeddedPostgres start(int port) throws IOException {
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(data.resolve("pg"))
            .setCleanDataDirectory(false);
    if (port != 0) builder.setPort(port);
    return builder.start();
  }

  private void stop() {
    try {
      if (postgres != null) postgres.close();
      postgres = null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Stream<Call> calls(int count) {
    return IntStream.rangeClosed(1, count).mapToObj(i -> new Call("c" + i, 10));
  }
}
