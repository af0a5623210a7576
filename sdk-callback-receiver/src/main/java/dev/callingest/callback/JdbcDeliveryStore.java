package dev.callingest.callback;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DeliveryStore} in a SQL table, shared by every receiver node that uses the same database
 * and kept across restarts. It needs only {@code java.sql} and your JDBC driver.
 *
 * <p>Each operation is atomic in the database, never a read followed by a write that decides:
 *
 * <ul>
 *   <li>{@link #begin}: on PostgreSQL one {@code INSERT ... ON CONFLICT (id) DO UPDATE ... WHERE
 *       expires_at <= now}, which inserts a new lease or takes over an expired row, and otherwise
 *       changes nothing. Elsewhere an {@code INSERT} on the primary key (a duplicate fails with
 *       SQLState class {@code 23}) and, when the row exists, {@code UPDATE ... WHERE id = ? AND
 *       expires_at <= now}; the database's row lock lets one of several concurrent takers win. Only
 *       when neither wrote is the row read, to tell {@link DeliveryStore.Begin#DONE} from {@link
 *       DeliveryStore.Begin#IN_PROGRESS}.
 *   <li>{@link #complete}, {@link #abandon} and {@link #renew}: one {@code UPDATE} or {@code
 *       DELETE} whose {@code WHERE} names the id and the owner.
 * </ul>
 *
 * <p>Every {@value #DEFAULT_PURGE_EVERY}th {@code begin} (see {@link Builder#purgeEvery(int)}) also
 * deletes every expired row; {@link #purgeExpired()} does so on demand.
 *
 * <p>The table, {@code callback_delivery} by default: {@code id} holds the delivery id (an id
 * longer than 255 characters is stored as {@code sha256:} and its hex digest), {@code lease_owner}
 * the lease holder while a consumer runs (null once done), and {@code expires_at} the lease's end
 * or, once done, the end of replay protection, in milliseconds since the epoch, so no time zone is
 * involved. The DDL for each database is shipped as a resource, {@code
 * dev/callingest/callback/schema-<platform>.sql} for {@code postgresql}, {@code h2}, {@code mysql},
 * {@code mariadb}, {@code sqlserver} and {@code oracle}; {@link #schemaScript(String)} returns it.
 * {@link #createTableIfNotExists()} runs it, safely when several instances start at once. On
 * another database the store uses the standard {@code INSERT} and conditional {@code UPDATE};
 * create its table yourself.
 *
 * <p>Each operation takes a connection from the data source and gives it back at once. On a
 * connection without auto-commit the store commits its own statements, so give it a data source
 * whose connections are not part of your application's transactions. A database error is thrown as
 * {@link DeliveryStoreException}. The nodes' clocks should agree to within a second or so: the node
 * that writes an expiry computes it from its own clock. Thread-safe.
 */
public final class JdbcDeliveryStore implements DeliveryStore {
  /** The default table name. */
  public static final String DEFAULT_TABLE = "callback_delivery";

  /** The default number of {@code begin} calls between two purges of expired rows. */
  public static final int DEFAULT_PURGE_EVERY = 1000;

  /** The longest id stored as it is; longer ids are stored as their SHA-256. */
  static final int MAX_ID_LENGTH = 255;

  /** How often {@code begin} tries again when the row changed between its write and its read. */
  private static final int BEGIN_ATTEMPTS = 3;

  private final DataSource dataSource;
  private final String table;
  private final Clock clock;
  private final int purgeEvery;
  private final AtomicLong begins = new AtomicLong();
  private final String upsertPostgres;
  private final String insert;
  private final String takeOver;
  private final String read;
  private final String complete;
  private final String abandon;
  private final String renew;
  private final String purge;

  /** The database's platform id, read from the connection on first use. */
  private volatile @Nullable String platform;

  private JdbcDeliveryStore(Builder builder) {
    this.dataSource = builder.dataSource;
    this.table = builder.table;
    this.clock = builder.clock;
    this.purgeEvery = builder.purgeEvery;
    this.upsertPostgres =
        "INSERT INTO "
            + table
            + " AS d (id, lease_owner, expires_at)"
            + " VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET lease_owner = EXCLUDED.lease_owner,"
            + " expires_at = EXCLUDED.expires_at WHERE d.expires_at <= ?";
    this.insert = "INSERT INTO " + table + " (id, lease_owner, expires_at) VALUES (?, ?, ?)";
    this.takeOver =
        "UPDATE "
            + table
            + " SET lease_owner = ?, expires_at = ? WHERE id = ?"
            + " AND expires_at <= ?";
    this.read = "SELECT lease_owner, expires_at FROM " + table + " WHERE id = ?";
    this.complete =
        "UPDATE "
            + table
            + " SET lease_owner = NULL, expires_at = ? WHERE id = ?"
            + " AND lease_owner = ?";
    this.abandon = "DELETE FROM " + table + " WHERE id = ? AND lease_owner = ?";
    this.renew = "UPDATE " + table + " SET expires_at = ? WHERE id = ? AND lease_owner = ?";
    this.purge = "DELETE FROM " + table + " WHERE expires_at <= ?";
  }

  /**
   * A store on the table {@value #DEFAULT_TABLE}, which must exist (see {@link
   * #createTableIfNotExists()}).
   *
   * @param dataSource where the table is; typically a connection pool
   * @return the store
   */
  public static JdbcDeliveryStore create(DataSource dataSource) {
    return builder(dataSource).build();
  }

  /**
   * Starts a builder for another table name, clock or purge interval.
   *
   * @param dataSource where the table is
   * @return a new builder
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(Objects.requireNonNull(dataSource, "dataSource == null"));
  }

  /**
   * The DDL that creates the default table {@value #DEFAULT_TABLE} and its index on one database,
   * as shipped in the resource {@code dev/callingest/callback/schema-<platform>.sql}. Run it with
   * your migrations (Flyway, Liquibase) or Spring Boot's script initialization. It is idempotent
   * everywhere but on Oracle, which has no {@code CREATE TABLE IF NOT EXISTS} before 23ai: there it
   * fails when the table exists.
   *
   * @param platform {@code postgresql}, {@code h2}, {@code mysql}, {@code mariadb}, {@code
   *     sqlserver} or {@code oracle} (Spring Boot's names for them)
   * @return the script: SQL statements, each ending with {@code ;} at the end of a line, and {@code
   *     --} comment lines
   * @throws IllegalArgumentException for another platform
   */
  public static String schemaScript(String platform) {
    return JdbcSchema.script(Objects.requireNonNull(platform, "platform == null"));
  }

  @Override
  public Begin begin(String deliveryId, String owner, Duration leaseTtl) {
    Objects.requireNonNull(deliveryId, "deliveryId == null");
    InMemoryDeliveryStore.checkOwner(owner);
    InMemoryDeliveryStore.checkPositive(leaseTtl, "leaseTtl");
    String id = storedId(deliveryId);
    Begin result = Begin.IN_PROGRESS;
    try (Connection connection = dataSource.getConnection()) {
      for (int attempt = 0; attempt < BEGIN_ATTEMPTS; attempt++) {
        long now = clock.millis();
        long leaseEnd = saturatedAdd(now, leaseTtl);
        Optional<Begin> found =
            inTransaction(connection, () -> beginOnce(connection, id, owner, now, leaseEnd));
        if (found.isPresent()) {
          result = found.get();
          break;
        }
        // The row was freed or expired between the write and the read: try again. After the last
        // attempt, IN_PROGRESS makes the sender retry, which is always safe.
      }
    } catch (SQLException e) {
      throw new DeliveryStoreException("could not begin a delivery in table " + table, e);
    }
    if (purgeEvery > 0 && begins.incrementAndGet() % purgeEvery == 0) purgeExpired();
    return result;
  }

  /** One attempt: STARTED, DONE or IN_PROGRESS, or empty when the row changed under us. */
  private Optional<Begin> beginOnce(
      Connection connection, String id, String owner, long now, long leaseEnd) throws SQLException {
    if (platform(connection).equals("postgresql")) {
      try (PreparedStatement upsert = connection.prepareStatement(upsertPostgres)) {
        upsert.setString(1, id);
        upsert.setString(2, owner);
        upsert.setLong(3, leaseEnd);
        upsert.setLong(4, now);
        if (upsert.executeUpdate() == 1) return Optional.of(Begin.STARTED);
      }
    } else {
      // Without auto-commit a failed statement can abort the whole transaction: keep what came
      // before with a savepoint.
      Savepoint beforeInsert = connection.getAutoCommit() ? null : connection.setSavepoint();
      try (PreparedStatement insertRow = connection.prepareStatement(insert)) {
        insertRow.setString(1, id);
        insertRow.setString(2, owner);
        insertRow.setLong(3, leaseEnd);
        if (insertRow.executeUpdate() == 1) return Optional.of(Begin.STARTED);
      } catch (SQLException e) {
        if (!isUniqueViolation(e)) throw e;
        if (beforeInsert != null) connection.rollback(beforeInsert);
      }
      try (PreparedStatement update = connection.prepareStatement(takeOver)) {
        update.setString(1, owner);
        update.setLong(2, leaseEnd);
        update.setString(3, id);
        update.setLong(4, now);
        if (update.executeUpdate() == 1) return Optional.of(Begin.STARTED);
      }
    }
    try (PreparedStatement select = connection.prepareStatement(read)) {
      select.setString(1, id);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) return Optional.empty();
        String holder = row.getString(1);
        long expiresAt = row.getLong(2);
        if (expiresAt <= now) return Optional.empty();
        return Optional.of(holder == null ? Begin.DONE : Begin.IN_PROGRESS);
      }
    }
  }

  @Override
  public boolean complete(String deliveryId, String owner, Duration doneTtl) {
    Objects.requireNonNull(deliveryId, "deliveryId == null");
    InMemoryDeliveryStore.checkOwner(owner);
    InMemoryDeliveryStore.checkPositive(doneTtl, "doneTtl");
    return update("complete", complete, saturatedAdd(clock.millis(), doneTtl), deliveryId, owner);
  }

  @Override
  public boolean abandon(String deliveryId, String owner) {
    Objects.requireNonNull(deliveryId, "deliveryId == null");
    InMemoryDeliveryStore.checkOwner(owner);
    String id = storedId(deliveryId);
    try (Connection connection = dataSource.getConnection()) {
      return inTransaction(
          connection,
          () -> {
            try (PreparedStatement statement = connection.prepareStatement(abandon)) {
              statement.setString(1, id);
              statement.setString(2, owner);
              return statement.executeUpdate() == 1;
            }
          });
    } catch (SQLException e) {
      throw new DeliveryStoreException("could not abandon a delivery in table " + table, e);
    }
  }

  @Override
  public boolean renew(String deliveryId, String owner, Duration leaseTtl) {
    Objects.requireNonNull(deliveryId, "deliveryId == null");
    InMemoryDeliveryStore.checkOwner(owner);
    InMemoryDeliveryStore.checkPositive(leaseTtl, "leaseTtl");
    return update("renew", renew, saturatedAdd(clock.millis(), leaseTtl), deliveryId, owner);
  }

  /** Runs {@code UPDATE ... SET ..., expires_at = ? WHERE id = ? AND lease_owner = ?}. */
  private boolean update(String what, String sql, long expiresAt, String deliveryId, String owner) {
    String id = storedId(deliveryId);
    try (Connection connection = dataSource.getConnection()) {
      return inTransaction(
          connection,
          () -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
              statement.setLong(1, expiresAt);
              statement.setString(2, id);
              statement.setString(3, owner);
              return statement.executeUpdate() == 1;
            }
          });
    } catch (SQLException e) {
      throw new DeliveryStoreException("could not " + what + " a delivery in table " + table, e);
    }
  }

  /**
   * Deletes every row whose expiry has passed.
   *
   * @return how many rows were deleted
   * @throws DeliveryStoreException when the database fails
   */
  public int purgeExpired() {
    long now = clock.millis();
    try (Connection connection = dataSource.getConnection()) {
      long[] deleted = new long[1];
      inTransaction(
          connection,
          () -> {
            try (PreparedStatement statement = connection.prepareStatement(purge)) {
              statement.setLong(1, now);
              deleted[0] = statement.executeUpdate();
              return true;
            }
          });
      return (int) deleted[0];
    } catch (SQLException e) {
      throw new DeliveryStoreException("could not purge expired deliveries from table " + table, e);
    }
  }

  /**
   * Creates the table and its expiry index unless they exist, with {@link #schemaScript(String)}
   * for the database the data source reaches (the table and index names replaced by this store's).
   * Safe when several instances call it at once on a fresh database: on PostgreSQL the statements
   * run in one transaction under a transaction-level advisory lock ({@code pg_advisory_xact_lock})
   * keyed by the table name; elsewhere a statement that fails is forgiven when what it creates
   * exists afterwards (another instance made it first).
   *
   * @throws DeliveryStoreException when the database fails
   * @throws IllegalStateException when no script is shipped for the database: create the table
   *     yourself from the nearest {@link #schemaScript(String)}
   */
  public void createTableIfNotExists() {
    try (Connection connection = dataSource.getConnection()) {
      String id = platform(connection);
      if (id.equals("generic")) {
        throw new IllegalStateException(
            "JdbcDeliveryStore ships no table script for "
                + connection.getMetaData().getDatabaseProductName()
                + "; there are scripts for "
                + JdbcSchema.PLATFORMS
                + ": create the table yourself from the nearest one");
      }
      JdbcSchema.create(connection, id, table);
    } catch (SQLException e) {
      throw new DeliveryStoreException("could not create table " + table, e);
    }
  }

  /**
   * The platform id, read once from the database's product name; {@code generic} for a database
   * without a shipped script, where the standard insert-then-conditional-update path is used.
   */
  private String platform(Connection connection) throws SQLException {
    String known = platform;
    if (known == null) {
      String product = connection.getMetaData().getDatabaseProductName();
      String id = JdbcSchema.platformOf(product);
      known = id != null ? id : "generic";
      platform = known;
    }
    return known;
  }

  /**
   * Shows the table and the purge interval; never the data source, whose text may hold a password.
   */
  @Override
  public String toString() {
    return "JdbcDeliveryStore{table=" + table + ", purgeEvery=" + purgeEvery + "}";
  }

  private interface SqlWork<T> {
    T run() throws SQLException;
  }

  /** Runs the work and, on a connection without auto-commit, commits it (or rolls it back). */
  private static <T> T inTransaction(Connection connection, SqlWork<T> work) throws SQLException {
    if (connection.getAutoCommit()) return work.run();
    T result;
    try {
      result = work.run();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    }
    connection.commit();
    return result;
  }

  /** SQLState class 23 is an integrity constraint violation: here, the primary key. */
  private static boolean isUniqueViolation(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException
          && ((SQLException) t).getSQLState() != null
          && ((SQLException) t).getSQLState().startsWith("23")) {
        return true;
      }
    }
    return false;
  }

  static String storedId(String deliveryId) {
    if (deliveryId.length() <= MAX_ID_LENGTH) return deliveryId;
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(deliveryId.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e); // Every JDK has it.
    }
  }

  private static long saturatedAdd(long nowMillis, Duration ttl) {
    long ttlMillis;
    try {
      ttlMillis = ttl.toMillis();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
    long sum = nowMillis + ttlMillis;
    return sum < nowMillis ? Long.MAX_VALUE : sum;
  }

  /** Builds a {@link JdbcDeliveryStore}. */
  public static final class Builder {
    private final DataSource dataSource;
    private String table = DEFAULT_TABLE;
    private Clock clock = Clock.systemUTC();
    private int purgeEvery = DEFAULT_PURGE_EVERY;

    Builder(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    /**
     * Sets the table, optionally qualified by its schema.
     *
     * @param table such as {@code callback_delivery} or {@code crm.callback_delivery}: letters,
     *     digits and underscores, not starting with a digit, at most 63 per part
     * @return this builder
     * @throws IllegalArgumentException for any other name, which could not be used in SQL safely
     */
    public Builder tableName(String table) {
      Objects.requireNonNull(table, "table == null");
      if (!table.matches("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?")) {
        throw new IllegalArgumentException(
            "table must be letters, digits and underscores, optionally schema.table");
      }
      this.table = table;
      return this;
    }

    /**
     * Sets the clock that expiries are computed from. Nodes sharing a table should have clocks that
     * agree to within a second or so: a node whose clock runs ahead takes over leases early.
     *
     * @param clock the clock; default the system's UTC clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Sets how many {@code begin} calls pass between two purges of expired rows.
     *
     * @param purgeEvery at least 1, or 0 to purge only when {@link
     *     JdbcDeliveryStore#purgeExpired()} is called; default {@value
     *     JdbcDeliveryStore#DEFAULT_PURGE_EVERY}
     * @return this builder
     */
    public Builder purgeEvery(int purgeEvery) {
      if (purgeEvery < 0) throw new IllegalArgumentException("purgeEvery < 0");
      this.purgeEvery = purgeEvery;
      return this;
    }

    /**
     * Builds the store. It does not touch the database.
     *
     * @return the store
     */
    public JdbcDeliveryStore build() {
      return new JdbcDeliveryStore(this);
    }
  }
}
