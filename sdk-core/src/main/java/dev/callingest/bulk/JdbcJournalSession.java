package dev.callingest.bulk;

import dev.callingest.internal.UrlRedaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One run's hold on a {@link JdbcImportJournal}: the lease, its heartbeat and the fenced appends.
 * Every transaction starts by locking the import's lease row ({@code SELECT ... FOR UPDATE}), so a
 * takeover waits for a write under way and a write after a takeover sees the new owner.
 */
final class JdbcJournalSession implements ImportJournal.Session {
  private static final System.Logger LOG = System.getLogger("dev.callingest.bulk");

  private final JdbcImportJournal journal;
  private final String owner;
  private final String platform;
  private final AtomicLong nextSeq;
  private final ScheduledExecutorService heartbeat;
  private final String insertEvent;

  /** Set once this process is known to have lost the lease; every later write fails with it. */
  private volatile @Nullable ImportLeaseException lost;

  private volatile boolean closed;

  private JdbcJournalSession(
      JdbcImportJournal journal, String owner, String platform, long nextSeq) {
    this.journal = journal;
    this.owner = owner;
    this.platform = platform;
    this.nextSeq = new AtomicLong(nextSeq);
    this.insertEvent =
        "INSERT INTO "
            + JdbcImportJournal.EVENT_TABLE
            + " (import_name, seq, event_type, call_id, batch_id, dup, reason) VALUES (?, ?, ?, ?,"
            + " ?, ?, ?)";
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "callingest-journal-lease");
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
    this.heartbeat = executor;
  }

  static JdbcJournalSession open(
      JdbcImportJournal journal, String owner, Consumer<? super JournalEvent> replay) {
    String platform;
    try (Connection connection = journal.dataSource.getConnection()) {
      platform = JdbcImportJournal.platform(connection);
      transaction(
          connection,
          () -> {
            acquire(journal, connection, platform, owner);
          });
    } catch (SQLException e) {
      throw failure(journal, "cannot take the lease of", e);
    }
    long last;
    try {
      last = replay(journal, replay);
    } catch (SQLException | RuntimeException e) {
      release(journal, owner, platform);
      if (e instanceof RuntimeException runtime) throw runtime;
      throw failure(journal, "cannot read", (SQLException) e);
    }
    JdbcJournalSession session = new JdbcJournalSession(journal, owner, platform, last + 1);
    long every = journal.heartbeatInterval.toMillis();
    session.heartbeat.scheduleWithFixedDelay(session::renew, every, every, TimeUnit.MILLISECONDS);
    return session;
  }

  private static void acquire(
      JdbcImportJournal journal, Connection connection, String platform, String owner)
      throws SQLException {
    long now = journal.now(connection, platform);
    long expires = now + journal.leaseDuration.toMillis();
    Lease held = lockLease(journal, connection);
    if (held == null) {
      Savepoint beforeInsert = connection.setSavepoint();
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO "
                  + JdbcImportJournal.LEASE_TABLE
                  + " (import_name, owner_id, expires_at, heartbeat_at) VALUES (?, ?, ?, ?)")) {
        insert.setString(1, journal.importName);
        insert.setString(2, owner);
        insert.setLong(3, expires);
        insert.setLong(4, now);
        insert.executeUpdate();
        return;
      } catch (SQLException e) {
        // Another process inserted the row first: take the row lock and decide as below.
        if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) throw e;
        connection.rollback(beforeInsert);
        held = lockLease(journal, connection);
        if (held == null) throw e;
      }
    }
    if (!held.owner.equals(owner) && held.expiresAt > now) {
      throw new ImportLeaseException(
          "import "
              + journal.importName
              + " is being run by another process ("
              + held.owner
              + ") whose lease expires at "
              + Instant.ofEpochMilli(held.expiresAt)
              + " unless it is renewed; start it again once that"
              + " process has finished or its lease has expired",
          journal.importName,
          held.owner,
          Instant.ofEpochMilli(held.expiresAt));
    }
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE "
                + JdbcImportJournal.LEASE_TABLE
                + " SET owner_id = ?, expires_at = ?, heartbeat_at = ? WHERE import_name = ?")) {
      update.setString(1, owner);
      update.setLong(2, expires);
      update.setLong(3, now);
      update.setString(4, journal.importName);
      update.executeUpdate();
    }
  }

  /** Streams the events to {@code replay}; returns the last sequence number, 0 when none. */
  private static long replay(JdbcImportJournal journal, Consumer<? super JournalEvent> replay)
      throws SQLException {
    try (Connection connection = journal.dataSource.getConnection()) {
      return transaction(
          connection,
          () -> {
            long last = 0;
            try (PreparedStatement select =
                connection.prepareStatement(
                    "SELECT seq, event_type, call_id, batch_id, dup, reason FROM "
                        + JdbcImportJournal.EVENT_TABLE
                        + " WHERE import_name = ? ORDER BY seq",
                    ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY)) {
              select.setFetchSize(journal.fetchSize);
              select.setString(1, journal.importName);
              try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                  last = rows.getLong(1);
                  String type = rows.getString(2);
                  if (type == null || type.length() != 1) {
                    throw new SQLException(
                        "event "
                            + last
                            + " of import "
                            + journal.importName
                            + " has no valid type");
                  }
                  replay.accept(
                      JournalEvent.of(
                          JournalEvent.Type.fromCode(type.charAt(0)),
                          rows.getString(3),
                          rows.getString(4),
                          rows.getBoolean(5),
                          rows.getString(6)));
                }
              }
            }
            return last;
          });
    }
  }

  @Override
  public void append(List<JournalEvent> events) {
    ImportLeaseException gone = lost;
    if (gone != null) throw gone;
    if (closed) throw new IllegalStateException("the journal session is closed");
    if (events.isEmpty()) return;
    long first = nextSeq.getAndAdd(events.size());
    try (Connection connection = journal.dataSource.getConnection()) {
      transaction(
          connection,
          () -> {
            checkOwner(connection);
            try (PreparedStatement insert = connection.prepareStatement(insertEvent)) {
              long seq = first;
              for (JournalEvent event : events) {
                insert.setString(1, journal.importName);
                insert.setLong(2, seq++);
                insert.setString(3, String.valueOf(event.type().code()));
                insert.setString(4, event.callId());
                insert.setString(5, event.batchId().orElse(null));
                insert.setBoolean(6, event.possibleDuplicate());
                insert.setString(7, event.reason().map(UrlRedaction::redactUrlsIn).orElse(null));
                insert.addBatch();
              }
              insert.executeBatch();
            }
          });
    } catch (SQLException e) {
      throw failure(journal, "cannot write", e);
    }
  }

  /** Fails unless this process still owns the lease; holds the lease row until the commit. */
  private void checkOwner(Connection connection) throws SQLException {
    Lease held = lockLease(journal, connection);
    if (held == null || !held.owner.equals(owner)) {
      String holder = held == null ? "none" : held.owner;
      Instant until = Instant.ofEpochMilli(held == null ? 0 : held.expiresAt);
      ImportLeaseException e =
          new ImportLeaseException(
              "import "
                  + journal.importName
                  + " was taken over by another process ("
                  + holder
                  + ", lease until "
                  + until
                  + ") after this process's lease expired; this process writes nothing more to its"
                  + " journal and sends nothing more",
              journal.importName,
              holder,
              until);
      lost = e;
      throw e;
    }
  }

  /** The heartbeat: extends the lease while this process owns it. */
  void renew() {
    if (closed || lost != null) return;
    try (Connection connection = journal.dataSource.getConnection()) {
      transaction(
          connection,
          () -> {
            checkOwner(connection);
            long now = journal.now(connection, platform);
            try (PreparedStatement update =
                connection.prepareStatement(
                    "UPDATE "
                        + JdbcImportJournal.LEASE_TABLE
                        + " SET expires_at = ?, heartbeat_at = ? WHERE import_name = ? AND owner_id"
                        + " = ?")) {
              update.setLong(1, now + journal.leaseDuration.toMillis());
              update.setLong(2, now);
              update.setString(3, journal.importName);
              update.setString(4, owner);
              update.executeUpdate();
            }
          });
    } catch (ImportLeaseException e) {
      LOG.log(System.Logger.Level.WARNING, e.getMessage());
    } catch (SQLException | RuntimeException e) {
      // The next write will fail as well if the database stays away; keep trying until then.
      LOG.log(
          System.Logger.Level.WARNING,
          "cannot renew the lease of import {0}: {1}",
          journal.importName,
          e.getMessage());
    }
  }

  /** Stops the heartbeat and gives the lease up, so that the next run may start at once. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    heartbeat.shutdownNow();
    if (lost != null) return;
    try {
      heartbeat.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    release(journal, owner, platform);
  }

  private static void release(JdbcImportJournal journal, String owner, String platform) {
    try (Connection connection = journal.dataSource.getConnection()) {
      transaction(
          connection,
          () -> {
            try (PreparedStatement update =
                connection.prepareStatement(
                    "UPDATE "
                        + JdbcImportJournal.LEASE_TABLE
                        + " SET expires_at = 0 WHERE import_name = ? AND owner_id = ?")) {
              update.setString(1, journal.importName);
              update.setString(2, owner);
              update.executeUpdate();
            }
          });
    } catch (SQLException e) {
      throw failure(journal, "cannot give up the lease (it expires by itself) of", e);
    }
  }

  private static @Nullable Lease lockLease(JdbcImportJournal journal, Connection connection)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT owner_id, expires_at FROM "
                + JdbcImportJournal.LEASE_TABLE
                + " WHERE import_name = ? FOR UPDATE")) {
      select.setString(1, journal.importName);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? new Lease(row.getString(1), row.getLong(2)) : null;
      }
    }
  }

  private static ImportJournalException failure(
      JdbcImportJournal journal, String what, SQLException e) {
    return new ImportJournalException(
        what
            + " the journal of import "
            + journal.importName
            + " in the database (unreachable or failing): "
            + e.getMessage(),
        e);
  }

  private record Lease(String owner, long expiresAt) {}

  private interface SqlWork<T> {
    T run() throws SQLException;
  }

  /** Work in a transaction that has no result. */
  private interface SqlStep {
    void run() throws SQLException;
  }

  /**
   * Runs {@code step} in a transaction of its own, like {@link #transaction(Connection, SqlWork)}.
   */
  private static void transaction(Connection connection, SqlStep step) throws SQLException {
    transaction(
        connection,
        () -> {
          step.run();
          return Boolean.TRUE;
        });
  }

  /** Runs {@code work} in a transaction of its own and restores the connection's auto-commit. */
  private static <T> T transaction(Connection connection, SqlWork<T> work) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    if (autoCommit) connection.setAutoCommit(false);
    try {
      T result = work.run();
      connection.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    } finally {
      if (autoCommit) {
        try {
          connection.setAutoCommit(true);
        } catch (SQLException ignored) {
          // The connection is broken; the pool will find out.
        }
      }
    }
  }
}
