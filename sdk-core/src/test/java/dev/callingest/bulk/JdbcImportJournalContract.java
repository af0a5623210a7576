package dev.callingest.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callingest.bulk.BulkImporterTest.Call;
import dev.callingest.bulk.BulkImporterTest.FakeTarget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The journal contract, plus the lease, fencing and schema rules of {@link JdbcImportJournal}. */
abstract class JdbcImportJournalContract extends ImportJournalContract {
  final String name = "import-" + UUID.randomUUID();

  abstract DataSource dataSource();

  /** A data source on an empty database of its own, for round {@code round}. */
  abstract DataSource freshDatabase(int round) throws Exception;

  @BeforeEach
  void createTables() {
    JdbcImportJournal.of(dataSource(), name).createTablesIfNotExist();
  }

  @Override
  ImportJournal journal() {
    return JdbcImportJournal.of(dataSource(), name);
  }

  /** A replica on the test's clock whose heartbeat does not run during a test. */
  JdbcImportJournal replica(String owner) {
    return JdbcImportJournal.builder(dataSource(), name)
        .clock(time)
        .ownerId(owner)
        .leaseDuration(Duration.ofMinutes(10))
        .heartbeatInterval(Duration.ofMinutes(9))
        .build();
  }

  @Test
  void aSecondProcessIsRefusedWhileTheLeaseIsLiveAndTakesOverOnceItExpires() {
    ImportJournal.Session a = replica("replica-a").open(event -> {});
    a.append(List.of(JournalEvent.submitting("c1")));
    Instant expiry = time.instant().plus(Duration.ofMinutes(10));

    assertThatThrownBy(() -> replica("replica-b").open(event -> {}))
        .isInstanceOfSatisfying(
            ImportLeaseException.class,
            e -> {
              assertThat(e.importName()).isEqualTo(name);
              assertThat(e.holder()).startsWith("replica-a/");
              assertThat(e.leaseExpiresAt()).isEqualTo(expiry);
            })
        .hasMessage(
            "import "
                + name
                + " is being run by another process ("
                + holderOf(a)
                + ") whose lease expires at "
                + expiry
                + " unless it is renewed; start it again once"
                + " that process has finished or its lease has expired");

    time.advance(Duration.ofMinutes(10).plusMillis(1));
    List<JournalEvent> seen = new ArrayList<>();
    ImportJournal.Session b = replica("replica-b").open(seen::add);
    assertThat(seen).containsExactly(JournalEvent.submitting("c1"));

    // The first replica was paused past its lease: it is fenced off.
    assertThatThrownBy(() -> a.append(List.of(JournalEvent.submitting("c2"))))
        .isInstanceOf(ImportLeaseException.class)
        .hasMessageContaining("import " + name + " was taken over by another process (replica-b/");
    b.append(List.of(JournalEvent.submitting("c3")));
    a.close();
    b.close();
    assertThat(replay())
        .containsExactly(JournalEvent.submitting("c1"), JournalEvent.submitting("c3"));
  }

  @Test
  void ofProcessesStartingTheSameImportAtOnceExactlyOneRunsIt() throws Exception {
    ExecutorService starters = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 5; round++) {
        JdbcImportJournal journal = JdbcImportJournal.of(dataSource(), name + "-" + round);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ImportJournal.Session>> opened = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          opened.add(
              starters.submit(
                  () -> {
                    go.await();
                    try {
                      return journal.open(event -> {});
                    } catch (ImportLeaseException e) {
                      return null;
                    }
                  }));
        }
        go.countDown();
        List<ImportJournal.Session> running = new ArrayList<>();
        for (Future<ImportJournal.Session> future : opened) {
          ImportJournal.Session session = future.get(60, TimeUnit.SECONDS);
          if (session != null) running.add(session);
        }
        assertThat(running).as("round " + round).hasSize(1);
        running.get(0).close();
      }
    } finally {
      starters.shutdownNow();
    }
  }

  @Test
  void closingGivesTheLeaseUpSoTheNextRunStartsAtOnce() {
    replica("replica-a").open(event -> {}).close();

    replica("replica-b").open(event -> {}).close();
  }

  @Test
  void theOwnerRenewsItsLeaseOnASchedule() throws Exception {
    JdbcImportJournal a =
        JdbcImportJournal.builder(dataSource(), name)
            .clock(time)
            .ownerId("replica-a")
            .leaseDuration(Duration.ofSeconds(10))
            .heartbeatInterval(Duration.ofMillis(20))
            .build();
    ImportJournal.Session session = a.open(event -> {});
    time.advance(Duration.ofSeconds(9));
    long renewedAt = time.millis();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (heartbeatAt() != renewedAt && System.nanoTime() < deadline) Thread.sleep(10);
    assertThat(heartbeatAt()).isEqualTo(renewedAt);

    time.advance(
        Duration.ofSeconds(9)); // 18 s after the start: past the first lease, not the renewed one
    assertThatThrownBy(() -> replica("replica-b").open(event -> {}))
        .isInstanceOfSatisfying(
            ImportLeaseException.class,
            e ->
                assertThat(e.leaseExpiresAt())
                    .isAfterOrEqualTo(Instant.ofEpochMilli(renewedAt + 10_000)));
    session.close();
    replica("replica-b").open(event -> {}).close();
  }

  @Test
  void leaseExpiryFollowsTheDatabaseClockByDefault() {
    ImportJournal.Session a = JdbcImportJournal.of(dataSource(), name).open(event -> {});
    try {
      Instant now = Instant.now();
      assertThatThrownBy(() -> JdbcImportJournal.of(dataSource(), name).open(event -> {}))
          .isInstanceOfSatisfying(
              ImportLeaseException.class,
              e ->
                  assertThat(e.leaseExpiresAt())
                      .isBetween(now.plusSeconds(30), now.plusSeconds(90)));
    } finally {
      a.close();
    }
  }

  @Test
  void aProcessThatLostItsLeaseSendsNothingMoreAndTheNewOwnerResumesTruthfully() {
    FakeTarget first = new FakeTarget(100, Long.MAX_VALUE, false);
    JdbcImportJournal paused = replica("replica-a");
    JdbcImportJournal other = replica("replica-b");
    AtomicInteger batches = new AtomicInteger();
    // During the second batch replica A stalls past its lease and replica B takes the import over.
    first.failure =
        batch -> {
          if (batches.incrementAndGet() == 2) {
            time.advance(Duration.ofMinutes(11));
            other.open(event -> {}).close();
          }
          return null;
        };
    BulkImporter<Call> importer =
        BulkImporter.builder(first)
            .clock(time)
            .sleeper(time)
            .concurrency(1)
            .batchSize(5)
            .journal(paused)
            .listener(
                new ImportListener() {
                  @Override
                  public void onOutcome(CallOutcome outcome) {
                    outcomes.add(outcome);
                  }
                })
            .build();

    assertThatThrownBy(() -> importer.run(calls(30)))
        .isInstanceOf(ImportLeaseException.class)
        .hasMessageContaining("was taken over by another process (replica-b/");
    assertThat(first.batches).hasSize(2);
    assertThat(outcomes).filteredOn(o -> o.kind() == OutcomeKind.ACCEPTED).hasSize(10);
    assertThat(outcomes)
        .filteredOn(o -> o.kind() == OutcomeKind.FAILED)
        .isNotEmpty()
        .allSatisfy(o -> assertThat(first.received).doesNotContainKey(o.callId()));

    outcomes.clear();
    FakeTarget second = new FakeTarget(100, Long.MAX_VALUE, false);
    ImportReport resumed =
        BulkImporter.builder(second)
            .clock(time)
            .sleeper(time)
            .concurrency(1)
            .batchSize(5)
            .journal(other)
            .listener(
                new ImportListener() {
                  @Override
                  public void onOutcome(CallOutcome outcome) {
                    outcomes.add(outcome);
                  }
                })
            .build()
            .run(calls(30));

    assertThat(resumed.count(OutcomeKind.SKIPPED)).isEqualTo(5);
    assertThat(outcomes)
        .filteredOn(CallOutcome::possibleDuplicate)
        .extracting(CallOutcome::callId)
        .containsExactlyInAnyOrder("c6", "c7", "c8", "c9", "c10");
    Map<String, Integer> union = new HashMap<>(first.received);
    second.received.forEach((id, n) -> union.merge(id, n, Integer::sum));
    assertThat(union).hasSize(30);
    union.forEach(
        (id, n) ->
            assertThat(n > 1)
                .as(id)
                .isEqualTo(
                    outcomes.stream()
                        .anyMatch(o -> o.callId().equals(id) && o.possibleDuplicate())));
  }

  @Test
  void tableCreationIsSafeWhenSeveralProcessesStartAtOnce() throws Exception {
    ExecutorService starters = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 8; round++) {
        DataSource fresh = freshDatabase(round);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          done.add(
              starters.submit(
                  () -> {
                    go.await();
                    JdbcImportJournal.of(fresh, "race").createTablesIfNotExist();
                    return null;
                  }));
        }
        go.countDown();
        for (Future<?> future : done) future.get(60, TimeUnit.SECONDS);
        JdbcImportJournal.of(fresh, "race").open(event -> {}).close();
      }
    } finally {
      starters.shutdownNow();
    }
  }

  @Test
  void scriptsShipForEveryDocumentedPlatform() {
    for (String platform : JdbcImportJournal.PLATFORMS) {
      assertThat(JdbcImportJournal.statements(JdbcImportJournal.schemaScript(platform)))
          .hasSize(2)
          .allSatisfy(
              sql -> assertThat(sql).startsWith("CREATE TABLE IF NOT EXISTS callingest_import_"));
    }
    assertThatThrownBy(() -> JdbcImportJournal.schemaScript("oracle"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void showsNoDataSourceAndChecksItsOptions() {
    assertThat(JdbcImportJournal.of(dataSource(), "crm").toString())
        .isEqualTo("JdbcImportJournal{import=crm, lease=PT1M}");
    assertThatThrownBy(() -> JdbcImportJournal.of(dataSource(), " "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                JdbcImportJournal.builder(dataSource(), "crm")
                    .leaseDuration(Duration.ofSeconds(10))
                    .heartbeatInterval(Duration.ofSeconds(10))
                    .build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  private String holderOf(ImportJournal.Session session) {
    try (Connection connection = dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT owner_id FROM callingest_import_lease WHERE import_name = ?")) {
      select.setString(1, name);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getString(1);
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  private long heartbeatAt() throws SQLException {
    try (Connection connection = dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT heartbeat_at FROM callingest_import_lease WHERE import_name = ?")) {
      select.setString(1, name);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? row.getLong(1) : -1;
      }
    }
  }
}
