package dev.callingest.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Resuming from the JDBC journal streams its events through a cursor: a 200,000-event journal on
 * PostgreSQL resumes in a forked JVM whose heap cannot hold those events (the same JVM keeping them
 * runs out of memory).
 */
class JdbcJournalResumeTest {
  static final int CALLS = 100_000;
  static final int OPEN = 1_000;
  static final String HEAP = "-Xmx32m";
  static EmbeddedPostgres postgres;

  static String id(long i) {
    return "crm-2026-12-call-" + String.format("%09d", i);
  }

  @BeforeAll
  static void writeAJournal() throws Exception {
    postgres = EmbeddedPostgres.start();
    DataSource dataSource = postgres.getPostgresDatabase();
    JdbcImportJournal.of(dataSource, "big").createTablesIfNotExist();
    // The same journal under two names: a process that dies of memory leaves its lease behind.
    write(dataSource, "big-stream");
    write(dataSource, "big-retain");
  }

  /**
   * 99,000 calls submitted and accepted (every 1,000th flagged), 1,000 left open: 200,000 events.
   */
  private static void write(DataSource dataSource, String name) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO callingest_import_event (import_name, seq, event_type, call_id,"
                    + " batch_id, dup, reason) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      connection.setAutoCommit(false);
      long seq = 0;
      for (int i = 0; i < CALLS; i++) {
        seq = add(insert, name, seq, "P", id(i), null, false);
        if (i < CALLS - OPEN) {
          seq = add(insert, name, seq, "A", id(i), "batch_" + (i / 100), i % 1000 == 0);
        }
        if (i % 5_000 == 0) insert.executeBatch();
      }
      insert.executeBatch();
      connection.commit();
      assertThat(seq).isEqualTo(2L * CALLS - OPEN);
    }
  }

  private static long add(
      PreparedStatement insert,
      String name,
      long seq,
      String type,
      String id,
      String batch,
      boolean dup)
      throws Exception {
    insert.setString(1, name);
    insert.setLong(2, ++seq);
    insert.setString(3, type);
    insert.setString(4, id);
    insert.setString(5, batch);
    insert.setBoolean(6, dup);
    insert.setString(7, null);
    insert.addBatch();
    return seq;
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) postgres.close();
  }

  @Test
  void resumesInASmallHeapThatCannotHoldTheEvents() throws Exception {
    String output = fork("stream");

    // 99 accepted calls were journaled as possible duplicates and keep the flag when skipped; the
    // 1,000 open submissions are sent again and flagged.
    assertThat(output).contains("skipped=99000 accepted=1000 flagged=1099");
  }

  @Test
  void theSameHeapCannotHoldEveryEvent() throws Exception {
    String output = fork("retain");

    assertThat(output).doesNotContain("kept=").contains("OutOfMemoryError");
  }

  private static String fork(String mode) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process process =
        new ProcessBuilder(
                java,
                HEAP,
                "-XX:+ExitOnOutOfMemoryError",
                "-cp",
                System.getProperty("java.class.path"),
                JdbcResumeMain.class.getName(),
                postgres.getJdbcUrl("postgres", "postgres"),
                "big-" + mode,
                Integer.toString(CALLS),
                mode)
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = process.waitFor();
    if (mode.equals("stream")) assertThat(exit).as(output).isZero();
    return output;
  }
}
