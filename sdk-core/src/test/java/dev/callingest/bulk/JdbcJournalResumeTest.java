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
  static final int CALLS = 100_500;
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
   * Calls 0 to 99,499 submitted and accepted (every 1,000th flagged), the last 1,000 left open:
   * 200,000 events, in the order a run writes them, made by the server.
   */
  private static void write(DataSource dataSource, String name) throws Exception {
    String id = "'crm-2026-12-call-' || lpad(i::text, 9, '0')";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO callingest_import_event"
                    + " (import_name, seq, event_type, call_id, batch_id, dup, reason)"
                    + " SELECT ?, 2 * i + 1, 'P', "
                    + id
                    + ", NULL, FALSE, NULL"
                    + " FROM generate_series(0, ?) AS i"
                    + " UNION ALL SELECT ?, 2 * i + 2, 'A', "
                    + id
                    + ", 'batch_' || (i / 100),"
                    + " i % 1000 = 0, NULL FROM generate_series(0, ?) AS i")) {
      insert.setString(1, name);
      insert.setInt(2, CALLS - 1);
      insert.setString(3, name);
      insert.setInt(4, CALLS - OPEN - 1);
      assertThat(insert.executeUpdate()).isEqualTo(200_000);
    }
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) postgres.close();
  }

  @Test
  void resumesInASmallHeapThatCannotHoldTheEvents() throws Exception {
    String output = fork("stream");

    // 100 accepted calls were journaled as possible duplicates and keep the flag when skipped; the
    // 1,000 open submissions are sent again and flagged.
    assertThat(output).contains("skipped=99500 accepted=1000 flagged=1100");
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
