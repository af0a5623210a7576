package dev.callingest.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callingest.emulator.Emulator;
import dev.callingest.emulator.Fault;
import dev.callingest.emulator.FaultInjection;
import dev.callingest.emulator.ReceivedBatch;
import dev.callingest.emulator.ReceivedCall;
import dev.callingest.upload.UploadClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica importing with the JDBC journal on PostgreSQL is killed (SIGKILL) while a batch is on
 * the wire. While it lives, another process starting the same import is refused; once its lease
 * expires, that process takes the import over and finishes it, and every call ends in one true
 * outcome against what the emulator holds.
 */
public class JdbcKillResumeTest {
  static final int CALLS = 400;
  static final String IMPORT = "crm-2026-12";

  @TempDir Path dir;

  @Test
  void aKilledReplicasImportIsTakenOverAfterItsLeaseAndEndsTruthfully() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.start();
        Emulator emulator =
            Emulator.builder()
                .faults(
                    FaultInjection.builder()
                        .rate(Fault.SLOW, 0.5)
                        .slowDelay(Duration.ofMillis(300))
                        .seed(5)
                        .build())
                .uploadLimits(1_000_000, 100_000_000, 1_000_000)
                .allStages(Duration.ofMillis(1))
                .build()
                .start()) {
      DataSource dataSource = postgres.getPostgresDatabase();
      JdbcImportJournal.of(dataSource, IMPORT).createTablesIfNotExist();
      String java = ProcessHandle.current().info().command().orElse("java");
      Process child =
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  JdbcKillResumeMain.class.getName(),
                  emulator.uploadBaseUrl(),
                  emulator.uploadApiKey(),
                  postgres.getJdbcUrl("postgres", "postgres"),
                  IMPORT,
                  Integer.toString(CALLS))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("child.log").toFile())
              .start();
      try {
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < waitUntil && child.isAlive() && count(dataSource, "A") < 10) {
          Thread.sleep(5);
        }
        assertThat(child.isAlive()).as("the child is importing").isTrue();

        // A second process may not start the import while the first one lives.
        JdbcImportJournal mine = JdbcKillResumeMain.journal(dataSource, IMPORT);
        assertThatThrownBy(() -> mine.open(event -> {}))
            .isInstanceOf(ImportLeaseException.class)
            .hasMessageStartingWith("import " + IMPORT + " is being run by another process (")
            .hasMessageContaining(") whose lease expires at ");

        // Kill it once a few batches were accepted and a submission is open (sent, no answer yet).
        while (System.nanoTime() < waitUntil && child.isAlive()) {
          if (count(dataSource, "A") >= 30 && lastType(dataSource).equals("P")) break;
          Thread.sleep(5);
        }
        assertThat(child.isAlive()).as("the child is importing").isTrue();
        child.destroyForcibly();
      } finally {
        child.destroyForcibly();
      }
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.readString(dir.resolve("child.log")))
          .doesNotContain("finished before it was killed");

      Set<String> openAtKill = openSubmissions(dataSource);
      long acceptedBefore = count(dataSource, "A");
      assertThat(openAtKill).isNotEmpty();

      // Take over once the dead replica's lease has expired.
      Map<String, CallOutcome> outcomes = new ConcurrentHashMap<>();
      ImportReport report = null;
      int refusals = 0;
      try (UploadClient client =
          JdbcKillResumeMain.client(emulator.uploadBaseUrl(), emulator.uploadApiKey())) {
        BulkImporter<dev.callingest.upload.UploadCall> importer =
            client
                .importer()
                .waitForProcessing(false)
                .batchSize(10)
                .concurrency(2)
                .journal(JdbcKillResumeMain.journal(dataSource, IMPORT))
                .listener(
                    new ImportListener() {
                      @Override
                      public void onOutcome(CallOutcome outcome) {
                        assertThat(outcomes.put(outcome.callId(), outcome)).isNull();
                      }
                    })
                .build();
        long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (report == null) {
          try {
            report = importer.run(IntStream.range(0, CALLS).mapToObj(JdbcKillResumeMain::call));
          } catch (ImportLeaseException e) {
            refusals++;
            assertThat(System.nanoTime()).as("lease never expired").isLessThan(giveUpAt);
            assertThat(outcomes).isEmpty(); // refused before reading anything
            Thread.sleep(100);
          }
        }
      }

      Map<String, Integer> held = new HashMap<>();
      for (ReceivedBatch batch : emulator.batches()) {
        for (ReceivedCall call : batch.calls()) held.merge(call.externalId(), 1, Integer::sum);
      }
      assertThat(outcomes).hasSize(CALLS);
      for (int i = 0; i < CALLS; i++) {
        String id = "up-" + i;
        CallOutcome outcome = outcomes.get(id);
        assertThat(outcome.kind()).as(id).isIn(OutcomeKind.SKIPPED, OutcomeKind.ACCEPTED);
        assertThat(held.getOrDefault(id, 0)).as(id + " is on the server").isPositive();
        if (held.get(id) > 1)
          assertThat(outcome.possibleDuplicate()).as(id + " is held twice").isTrue();
      }
      for (String id : openAtKill) {
        assertThat(outcomes.get(id).possibleDuplicate())
            .as(id + " was on the wire at the kill")
            .isTrue();
      }
      assertThat(report.count(OutcomeKind.SKIPPED)).isEqualTo(acceptedBefore);
      Map<String, Long> figures = new LinkedHashMap<>();
      figures.put("skipped", report.count(OutcomeKind.SKIPPED));
      figures.put("accepted", report.accepted());
      figures.put("flagged", report.possibleDuplicates());
      figures.put("heldTwice", held.values().stream().filter(n -> n > 1).count());
      figures.put("openAtKill", (long) openAtKill.size());
      figures.put("refusalsBeforeTakeover", (long) refusals);
      System.out.println("jdbc kill and resume: " + figures);
    }
  }

  static long count(DataSource dataSource, String type) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT COUNT(*) FROM callingest_import_event WHERE import_name = ? AND event_type"
                    + " = ?")) {
      select.setString(1, IMPORT);
      select.setString(2, type);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  static String lastType(DataSource dataSource) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT event_type FROM"
                    + " callingest_import_event WHERE import_name = ? ORDER BY seq DESC LIMIT 1")) {
      select.setString(1, IMPORT);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? row.getString(1) : "";
      }
    }
  }

  /** Ids whose last event is a submission with no answer. */
  static Set<String> openSubmissions(DataSource dataSource) throws Exception {
    return openSubmissions(dataSource, IMPORT);
  }

  /** Ids of import {@code name} whose last event is a submission with no answer. */
  public static Set<String> openSubmissions(DataSource dataSource, String name) throws Exception {
    Set<String> open = new java.util.HashSet<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT event_type, call_id FROM"
                    + " callingest_import_event WHERE import_name = ? ORDER BY seq")) {
      select.setString(1, name);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          if (rows.getString(1).equals("P")) open.add(rows.getString(2));
          else open.remove(rows.getString(2));
        }
      }
    }
    return open;
  }
}
