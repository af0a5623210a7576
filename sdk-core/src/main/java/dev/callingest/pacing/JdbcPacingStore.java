package dev.callingest.pacing;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link PacingStore} in a relational database, shared by every process that uses the same
 * tables: PostgreSQL (first-class, tested), H2 (tested) and MySQL/MariaDB (DDL in {@code
 * schema-mysql.sql}, not tested). Three tables, named from a prefix ({@code callingest_pacing} by
 * default): {@code _account} (one row per account key: the id counter and the server's back-off),
 * {@code _entry} (window entries) and {@code _slot} (in-flight slots). Several accounts share the
 * tables, each under its own key.
 *
 * <p><b>Atomic reservation.</b> {@link #reserve} runs one transaction: it locks the account's row
 * ({@code SELECT ... FOR UPDATE}), reads the time, the entries and the slots, decides exactly as
 * {@link InMemoryPacingStore} does, and inserts the reservation before it commits; reservations for
 * one account are therefore serialised across every process. The other operations are single
 * statements.
 *
 * <p><b>Time.</b> By default every time is the database's clock, read inside the statement that
 * uses it ({@code clock_timestamp()} on PostgreSQL, {@code CURRENT_TIMESTAMP} on H2, {@code NOW(6)}
 * on MySQL), so that processes whose clocks differ still agree. {@link Builder#clock} replaces it
 * with a {@link Clock} (tests, scaled time); every process sharing the tables must then use the
 * same clock.
 *
 * <p><b>Leases.</b> An entry under way and a slot that is under way or waits for its batch belong
 * to the process that took them, for {@link Builder#lease} (2 minutes by default) from when they
 * were taken or last renewed; that process renews them every {@link Builder#renewalInterval} (a
 * third of the lease by default). When it dies, the slot frees when the lease ends and the entry
 * counts from then for a whole window.
 *
 * <p><b>Schema.</b> With {@link Builder#createSchema} (on by default) the tables are created on
 * first use with {@code CREATE TABLE IF NOT EXISTS}, from the resource {@code
 * dev/callingest/pacing/schema-<platform>.sql}; two processes starting at once are safe (a creation
 * that fails is followed by a check that the tables exist). Any failure is thrown as a {@link
 * PacingStoreException}; a statement waits at most {@link Builder#queryTimeout} (10 s by default).
 */
public final class JdbcPacingStore implements PacingStore {
  private static final Pattern PREFIX = Pattern.compile("[a-z_][a-z0-9_]{0,40}");
  private static final long OPEN = WindowCheck.OPEN;

  private final DataSource dataSource;
  private final String prefix;
  private final boolean createSchema;
  private final @Nullable Clock clock;
  private final Duration lease;
  private final Duration renewalInterval;
  private final Duration pollInterval;
  private final int queryTimeoutSeconds;
  private final Set<String> knownAccounts = ConcurrentHashMap.newKeySet();
  private volatile @Nullable Platform platform;
  private volatile boolean schemaReady;

  private JdbcPacingStore(Builder builder) {
    this.dataSource = builder.dataSource;
    this.prefix = builder.tablePrefix;
    this.createSchema = builder.createSchema;
    this.clock = builder.clock;
    this.lease = builder.lease;
    this.renewalInterval =
        builder.renewalInterval != null ? builder.renewalInterval : builder.lease.dividedBy(3);
    this.pollInterval = builder.pollInterval;
    this.queryTimeoutSeconds = (int) Math.max(1, builder.queryTimeout.toSeconds());
  }

  /**
   * Starts a builder.
   *
   * @param dataSource where the tables are; pooled connections are best
   * @return a new builder
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /** The databases this store knows: the schema resource and the clock query of each. */
  enum Platform {
    POSTGRESQL("postgresql", "SELECT EXTRACT(EPOCH FROM clock_timestamp())"),
    H2("h2", "SELECT EXTRACT(EPOCH FROM CURRENT_TIMESTAMP)"),
    MYSQL("mysql", "SELECT UNIX_TIMESTAMP(NOW(6))");

    final String resource;
    final String nowQuery;

    Platform(String resource, String nowQuery) {
      this.resource = resource;
      this.nowQuery = nowQuery;
    }

    static Platform of(String productName) {
      String name = productName.toLowerCase(Locale.ROOT);
      if (name.contains("postgres")) return POSTGRESQL;
      if (name.equals("h2")) return H2;
      if (name.contains("mysql") || name.contains("mariadb")) return MYSQL;
      throw new PacingStoreException(
          "JdbcPacingStore supports PostgreSQL, H2, MySQL and MariaDB, not " + productName, null);
    }
  }

  @Override
  public Reservation reserve(String account, Request request) {
    return inTransaction(
        "reserve",
        account,
        (c, now, busy) -> {
          long longest = 0;
          for (Limit limit : request.limits()) {
            longest = Math.max(longest, WindowCheck.nanos(limit.window()));
          }
          long cutoff = now - longest;
          List<WindowCheck.Entry> entries = entries(c, account);
          List<WindowCheck.Slot> slots = slots(c, account);
          // Rows that no longer count are deleted, but only when there are some: most reservations
          // then make no write beyond their own.
          if (entries.removeIf(e -> e.effectiveAt(now) <= cutoff)) {
            try (PreparedStatement delete =
                prepare(
                    c,
                    "DELETE FROM "
                        + prefix
                        + "_entry"
                        + " WHERE account = ? AND (at_ns <= ? OR (at_ns = ? AND lease_ns <= ?))")) {
              delete.setString(1, account);
              delete.setLong(2, cutoff);
              delete.setLong(3, OPEN);
              delete.setLong(4, cutoff);
              delete.executeUpdate();
            }
          }
          if (slots.removeIf(slot -> !slot.activeAt(now))) {
            try (PreparedStatement delete =
                prepare(
                    c,
                    "DELETE FROM "
                        + prefix
                        + "_slot"
                        + " WHERE account = ? AND (held_ns <= ? OR lease_ns <= ?)")) {
              delete.setString(1, account);
              delete.setLong(2, now);
              delete.setLong(3, now);
              delete.executeUpdate();
            }
          }
          Reservation wait = WindowCheck.check(now, entries, slots, busy, request);
          if (wait != null) return wait;
          long entryId = 0;
          long slotId = 0;
          long leaseEnd = WindowCheck.plus(now, lease);
          if (!request.limits().isEmpty()) {
            entryId = newId();
            insertEntry(c, account, entryId, OPEN, request.weight(), leaseEnd);
          }
          if (request.needsSlot()) {
            slotId = newId();
            insertSlot(c, account, slotId, OPEN, leaseEnd, null);
          }
          return Reservation.granted(entryId, slotId);
        });
  }

  @Override
  public void settle(String account, long entryId, boolean counts) {
    runStep(
        "settle an entry",
        account,
        c -> {
          if (counts) {
            long now = now(c);
            try (PreparedStatement update =
                prepare(
                    c,
                    "UPDATE "
                        + prefix
                        + "_entry SET at_ns = ?, lease_ns = ? WHERE account = ? AND id = ?")) {
              update.setLong(1, now);
              update.setLong(2, OPEN);
              update.setString(3, account);
              update.setLong(4, entryId);
              update.executeUpdate();
            }
          } else {
            deleteRow(c, "_entry", account, entryId);
          }
        });
  }

  /** Deletes the row {@code id} of {@code account} from the table {@code prefix + suffix}. */
  private void deleteRow(Connection c, String suffix, String account, long id) throws SQLException {
    try (PreparedStatement delete =
        prepare(c, "DELETE FROM " + prefix + suffix + " WHERE account = ? AND id = ?")) {
      delete.setString(1, account);
      delete.setLong(2, id);
      delete.executeUpdate();
    }
  }

  @Override
  public void count(String account, int weight) {
    runStep(
        "count an attempt",
        account,
        c -> {
          insertEntry(c, account, newId(), now(c), weight, OPEN);
        });
  }

  @Override
  public void keepSlot(String account, long slotId, Duration heldFor, @Nullable String batchId) {
    runStep(
        "keep a slot",
        account,
        c -> {
          long now = now(c);
          try (PreparedStatement update =
              prepare(
                  c,
                  "UPDATE "
                      + prefix
                      + "_slot SET held_ns = ?, lease_ns = ?, batch_id = ? WHERE account = ? AND id = ?")) {
            update.setLong(1, WindowCheck.plus(now, heldFor));
            update.setLong(2, batchId == null ? OPEN : WindowCheck.plus(now, lease));
            update.setString(3, batchId);
            update.setString(4, account);
            update.setLong(5, slotId);
            update.executeUpdate();
          }
        });
  }

  @Override
  public void holdSlot(String account, Duration heldFor) {
    runStep(
        "hold a slot",
        account,
        c -> {
          insertSlot(c, account, newId(), WindowCheck.plus(now(c), heldFor), OPEN, null);
        });
  }

  @Override
  public void freeSlot(String account, long slotId) {
    runStep(
        "free a slot",
        account,
        c -> {
          deleteRow(c, "_slot", account, slotId);
        });
  }

  @Override
  public boolean finished(String account, String batchId) {
    Objects.requireNonNull(batchId, "batchId == null");
    return run(
        "free a finished batch's slot",
        account,
        c -> {
          long now = now(c);
          int freed;
          try (PreparedStatement delete =
              prepare(
                  c,
                  "DELETE FROM "
                      + prefix
                      + "_slot WHERE account = ?"
                      + " AND batch_id = ? AND held_ns > ? AND lease_ns > ?")) {
            delete.setString(1, account);
            delete.setString(2, batchId);
            delete.setLong(3, now);
            delete.setLong(4, now);
            freed = delete.executeUpdate();
          }
          if (freed > 0) {
            try (PreparedStatement update =
                prepare(
                    c,
                    "UPDATE "
                        + prefix
                        + "_account SET busy_until = ? WHERE account = ? AND busy_until > ?")) {
              // Only when a back-off is set: the row is the reservations' lock, so leave it alone.
              update.setLong(1, Long.MIN_VALUE);
              update.setString(2, account);
              update.setLong(3, Long.MIN_VALUE);
              update.executeUpdate();
            }
          }
          return freed > 0;
        });
  }

  @Override
  public void renew(String account, Collection<Long> ids) {
    if (ids.isEmpty()) return;
    runStep(
        "renew leases",
        account,
        c -> {
          long now = now(c);
          long leaseEnd = WindowCheck.plus(now, lease);
          // A lease that already ended stays ended: its slot may have been given to another
          // request.
          try (PreparedStatement entries =
                  prepare(
                      c,
                      "UPDATE "
                          + prefix
                          + "_entry SET lease_ns = ?"
                          + " WHERE account = ? AND id = ? AND at_ns = ? AND lease_ns > ?");
              PreparedStatement slots =
                  prepare(
                      c,
                      "UPDATE "
                          + prefix
                          + "_slot SET lease_ns = ?"
                          + " WHERE account = ? AND id = ? AND lease_ns <> ? AND lease_ns > ?")) {
            for (long id : ids) {
              entries.setLong(1, leaseEnd);
              entries.setString(2, account);
              entries.setLong(3, id);
              entries.setLong(4, OPEN);
              entries.setLong(5, now);
              entries.addBatch();
              slots.setLong(1, leaseEnd);
              slots.setString(2, account);
              slots.setLong(3, id);
              slots.setLong(4, OPEN);
              slots.setLong(5, now);
              slots.addBatch();
            }
            entries.executeBatch();
            slots.executeBatch();
          }
        });
  }

  @Override
  public void serverBusy(String account, Duration retryAfter) {
    runStep(
        "record the server's back-off",
        account,
        c -> {
          long until = WindowCheck.plus(now(c), retryAfter);
          try (PreparedStatement update =
              prepare(
                  c,
                  "UPDATE "
                      + prefix
                      + "_account SET busy_until = ? WHERE account = ? AND busy_until < ?")) {
            update.setLong(1, until);
            update.setString(2, account);
            update.setLong(3, until);
            update.executeUpdate();
          }
        });
  }

  @Override
  public long used(String account, Limit limit) {
    return run(
        "read the windows", account, c -> WindowCheck.used(now(c), entries(c, account), limit));
  }

  @Override
  public int inFlight(String account) {
    return run(
        "read the slots",
        account,
        c -> {
          long now = now(c);
          int held = 0;
          for (WindowCheck.Slot slot : slots(c, account)) if (slot.activeAt(now)) held++;
          return held;
        });
  }

  @Override
  public Optional<Duration> pollInterval() {
    return Optional.of(pollInterval);
  }

  @Override
  public Optional<Duration> renewalInterval() {
    return Optional.of(renewalInterval);
  }

  /** {@return the lease of entries and slots under way} */
  public Duration lease() {
    return lease;
  }

  @Override
  public String toString() {
    return "JdbcPacingStore{" + prefix + "}";
  }

  // --- plumbing -------------------------------------------------------------------------------

  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** Work on a connection that has no result. */
  private interface Step {
    void run(Connection c) throws SQLException;
  }

  private interface LockedWork<T> {
    T run(Connection c, long now, long busyUntil) throws SQLException;
  }

  /**
   * A new entry or slot id: random, so that no shared counter (another write on the locked row) is
   * needed; two equal ids among one account's few live rows are as likely as guessing a 63-bit
   * number, and would fail the insert (fail closed) rather than merge two reservations.
   */
  private static long newId() {
    return ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
  }

  /** Runs {@code step} on a connection in auto-commit mode, like {@link #run}. */
  private void runStep(String what, String account, Step step) {
    run(
        what,
        account,
        c -> {
          step.run(c);
          return Boolean.TRUE;
        });
  }

  /** Runs {@code work} on a connection in auto-commit mode. */
  private <T> T run(String what, String account, Work<T> work) {
    Objects.requireNonNull(account, "account == null");
    try (Connection c = dataSource.getConnection()) {
      ready(c, account);
      return work.run(c);
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  /**
   * Runs {@code work} in one transaction holding the account row's lock, with the time read after
   * the lock was taken and the account's back-off read with the lock.
   */
  private <T> T inTransaction(String what, String account, LockedWork<T> work) {
    Objects.requireNonNull(account, "account == null");
    try (Connection c = dataSource.getConnection()) {
      ready(c, account);
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        long busy;
        try (PreparedStatement lock =
            prepare(
                c, "SELECT busy_until FROM " + prefix + "_account WHERE account = ? FOR UPDATE")) {
          lock.setString(1, account);
          try (ResultSet rs = lock.executeQuery()) {
            if (!rs.next()) throw new SQLException("no account row for the pacing account");
            busy = rs.getLong(1);
          }
        }
        long now = now(c);
        T result = work.run(c, now, busy);
        c.commit();
        return result;
      } catch (Throwable e) {
        // Any failure, an Error too: never leave the account's row locked by an open transaction.
        try {
          c.rollback();
        } catch (Throwable suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      } finally {
        try {
          c.setAutoCommit(autoCommit);
        } catch (SQLException ignored) {
          // The connection is closed next; a pool resets it.
        }
      }
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  private PacingStoreException failure(String what, SQLException e) {
    return new PacingStoreException(
        "the pacing store could not "
            + what
            + " (SQLState "
            + e.getSQLState()
            + ", "
            + e.getClass().getSimpleName()
            + ")",
        e);
  }

  private PreparedStatement prepare(Connection c, String sql) throws SQLException {
    PreparedStatement statement = c.prepareStatement(sql);
    statement.setQueryTimeout(queryTimeoutSeconds);
    return statement;
  }

  /** The store's time in epoch nanoseconds: the injected clock, or the database's. */
  private long now(Connection c) throws SQLException {
    if (clock != null) return WindowCheck.epochNanos(clock.instant());
    try (PreparedStatement query = prepare(c, platform(c).nowQuery);
        ResultSet rs = query.executeQuery()) {
      rs.next();
      BigDecimal seconds = rs.getBigDecimal(1);
      return seconds.movePointRight(9).longValue();
    }
  }

  private Platform platform(Connection c) throws SQLException {
    Platform known = platform;
    if (known == null) {
      known = Platform.of(c.getMetaData().getDatabaseProductName());
      platform = known;
    }
    return known;
  }

  /** Creates the schema (once per store) and the account's row (once per account). */
  private void ready(Connection c, String account) throws SQLException {
    if (!schemaReady) {
      synchronized (this) {
        if (!schemaReady) {
          if (createSchema) createSchema(c);
          schemaReady = true;
        }
      }
    }
    if (knownAccounts.contains(account)) return;
    if (!accountExists(c, account)) {
      try (PreparedStatement insert =
          prepare(c, "INSERT INTO " + prefix + "_account (account, busy_until) VALUES (?, ?)")) {
        insert.setString(1, account);
        insert.setLong(2, Long.MIN_VALUE);
        insert.executeUpdate();
      } catch (SQLException e) {
        // Another process inserted it first (a unique-key violation): check that it is there.
        if (!accountExists(c, account)) throw e;
      }
    }
    knownAccounts.add(account);
  }

  private boolean accountExists(Connection c, String account) throws SQLException {
    try (PreparedStatement query =
        prepare(c, "SELECT 1 FROM " + prefix + "_account WHERE account = ?")) {
      query.setString(1, account);
      try (ResultSet rs = query.executeQuery()) {
        return rs.next();
      }
    }
  }

  private void createSchema(Connection c) throws SQLException {
    StringBuilder ddl = new StringBuilder();
    for (String line : schema(platform(c)).replace("{prefix}", prefix).split("\n")) {
      if (!line.strip().startsWith("--")) ddl.append(line).append('\n');
    }
    for (String statement : ddl.toString().split(";")) {
      if (statement.isBlank()) continue;
      try (Statement s = c.createStatement()) {
        s.execute(statement);
      } catch (SQLException e) {
        // Two processes creating the tables at once: PostgreSQL may refuse the second
        // CREATE TABLE IF NOT EXISTS with a duplicate-object error. Fine if the tables are there.
        if (!tablesExist(c)) throw e;
      }
    }
  }

  private boolean tablesExist(Connection c) {
    for (String table : List.of("_account", "_entry", "_slot")) {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT 1 FROM " + prefix + table + " WHERE 1 = 0")) {
        rs.next();
      } catch (SQLException e) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@return the DDL of {@code platform}, with {@code {prefix}} for the table prefix}
   *
   * @param platform the database
   */
  static String schema(Platform platform) {
    String name = "schema-" + platform.resource + ".sql";
    try (InputStream in = JdbcPacingStore.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("missing resource " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + name, e);
    }
  }

  private List<WindowCheck.Entry> entries(Connection c, String account) throws SQLException {
    List<WindowCheck.Entry> entries = new ArrayList<>();
    try (PreparedStatement query =
        prepare(
            c, "SELECT id, at_ns, weight, lease_ns FROM " + prefix + "_entry WHERE account = ?")) {
      query.setString(1, account);
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          entries.add(
              new WindowCheck.Entry(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getLong(4)));
        }
      }
    }
    return entries;
  }

  private List<WindowCheck.Slot> slots(Connection c, String account) throws SQLException {
    List<WindowCheck.Slot> slots = new ArrayList<>();
    try (PreparedStatement query =
        prepare(
            c,
            "SELECT id, held_ns, lease_ns, batch_id FROM " + prefix + "_slot WHERE account = ?")) {
      query.setString(1, account);
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          slots.add(
              new WindowCheck.Slot(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4)));
        }
      }
    }
    return slots;
  }

  private void insertEntry(
      Connection c, String account, long id, long at, int weight, long leaseEnd)
      throws SQLException {
    try (PreparedStatement insert =
        prepare(
            c,
            "INSERT INTO "
                + prefix
                + "_entry (account, id, at_ns, weight, lease_ns) VALUES (?, ?, ?, ?, ?)")) {
      insert.setString(1, account);
      insert.setLong(2, id);
      insert.setLong(3, at);
      insert.setInt(4, weight);
      insert.setLong(5, leaseEnd);
      insert.executeUpdate();
    }
  }

  private void insertSlot(
      Connection c, String account, long id, long held, long leaseEnd, @Nullable String batchId)
      throws SQLException {
    try (PreparedStatement insert =
        prepare(
            c,
            "INSERT INTO "
                + prefix
                + "_slot (account, id, held_ns, lease_ns, batch_id) VALUES (?, ?, ?, ?, ?)")) {
      insert.setString(1, account);
      insert.setLong(2, id);
      insert.setLong(3, held);
      insert.setLong(4, leaseEnd);
      insert.setString(5, batchId);
      insert.executeUpdate();
    }
  }

  /** Builds a {@link JdbcPacingStore}. Not thread-safe. */
  public static final class Builder {
    private final DataSource dataSource;
    private String tablePrefix = "callingest_pacing";
    private boolean createSchema = true;
    private @Nullable Clock clock;
    private Duration lease = Duration.ofMinutes(2);
    private @Nullable Duration renewalInterval;
    private Duration pollInterval = Duration.ofSeconds(1);
    private Duration queryTimeout = Duration.ofSeconds(10);

    Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource == null");
    }

    /**
     * Sets the tables' prefix: the tables are {@code <prefix>_account}, {@code <prefix>_entry} and
     * {@code <prefix>_slot}. Default {@code callingest_pacing}.
     *
     * @param prefix lower-case letters, digits and underscores, starting with a letter or
     *     underscore, at most 41 characters
     * @return this builder
     */
    public Builder tablePrefix(String prefix) {
      Objects.requireNonNull(prefix, "prefix == null");
      if (!PREFIX.matcher(prefix).matches()) {
        throw new IllegalArgumentException("tablePrefix must match " + PREFIX + ": " + prefix);
      }
      this.tablePrefix = prefix;
      return this;
    }

    /**
     * Whether the store creates its tables on first use. Default true; turn it off when a migration
     * tool (Flyway, Liquibase) creates them from the documented DDL.
     *
     * @param create false to leave the schema alone
     * @return this builder
     */
    public Builder createSchema(boolean create) {
      this.createSchema = create;
      return this;
    }

    /**
     * Uses {@code clock} instead of the database's clock. For tests (a scaled or fake clock); every
     * process sharing the tables must use the same clock.
     *
     * @param clock the clock, or null for the database's (the default)
     * @return this builder
     */
    public Builder clock(@Nullable Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * Sets how long an entry under way, and a slot under way or waiting for its batch, stay
     * reserved without renewal: how long the reservations of a process that died outlive it.
     * Default 2 minutes, on the store's clock.
     *
     * @param lease positive
     * @return this builder
     */
    public Builder lease(Duration lease) {
      this.lease = positive(lease, "lease");
      return this;
    }

    /**
     * Sets how often, in real time, a client renews its leases. Default a third of {@link
     * #lease(Duration)}; set it when the store runs on a scaled {@link #clock(Clock)}.
     *
     * @param interval positive, and well below the lease
     * @return this builder
     */
    public Builder renewalInterval(Duration interval) {
      this.renewalInterval = positive(interval, "renewalInterval");
      return this;
    }

    /**
     * Sets how often a waiting request asks again, since a slot freed by another process wakes
     * nobody here. Default 1 second, on the pacing clock.
     *
     * @param interval positive
     * @return this builder
     */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = positive(interval, "pollInterval");
      return this;
    }

    /**
     * Sets the longest any statement (the wait for the account's lock included) may take before it
     * fails. Default 10 seconds.
     *
     * @param timeout at least 1 second
     * @return this builder
     */
    public Builder queryTimeout(Duration timeout) {
      positive(timeout, "queryTimeout");
      if (timeout.toSeconds() < 1) {
        throw new IllegalArgumentException("queryTimeout must be at least 1 s: " + timeout);
      }
      this.queryTimeout = timeout;
      return this;
    }

    /**
     * Builds the store. Nothing is read or created until its first use.
     *
     * @return the store
     */
    public JdbcPacingStore build() {
      return new JdbcPacingStore(this);
    }

    private static Duration positive(Duration value, String name) {
      Objects.requireNonNull(value, name + " == null");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + value);
      }
      return value;
    }
  }
}
