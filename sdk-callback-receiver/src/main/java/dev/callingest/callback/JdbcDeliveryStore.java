package dev.callingest.callback;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DeliveryStore} in a SQL table, shared by every receiver node that uses the same database
 * and kept across restarts. It needs only {@code java.sql} and your JDBC driver.
 *
 * <p>Claiming a delivery is one {@code INSERT} on the table's primary key: of several nodes or
 * threads claiming the same id at once, the database lets exactly one insert succeed, and the others
 * report a duplicate (on PostgreSQL the insert says {@code ON CONFLICT (id) DO NOTHING} and inserts
 * no row; elsewhere it fails with a unique-key violation, SQLState class {@code 23}). An expired row for
 * the id is deleted first; that delete is housekeeping, so a race on it cannot let two claims win.
 * Every {@value #DEFAULT_PURGE_EVERY}th claim (see {@link Builder#purgeEvery(int)}) also deletes every
 * expired row; {@link #purgeExpired()} does so on demand.
 *
 * <p>The table, {@code callback_delivery} by default: {@code id} holds the delivery id (an id longer
 * than 255 characters is stored as {@code sha256:} and its hex digest) and {@code expires_at} the
 * expiry in milliseconds since the epoch, so no time zone is involved. {@link
 * #createTableIfNotExists()} makes it; the same DDL, to run yourself:
 *
 * <pre>
 * -- PostgreSQL and H2
 * CREATE TABLE callback_delivery (
 *   id         VARCHAR(255) NOT NULL PRIMARY KEY,
 *   expires_at BIGINT       NOT NULL
 * );
 * CREATE INDEX callback_delivery_expires ON callback_delivery (expires_at);
 *
 * -- MySQL and MariaDB: a binary collation, or ids differing only in case would collide
 * CREATE TABLE callback_delivery (
 *   id         VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
 *   expires_at BIGINT NOT NULL,
 *   INDEX callback_delivery_expires (expires_at)
 * );
 * </pre>
 *
 * <p>Each operation takes a connection from the data source and gives it back at once. On a
 * connection without auto-commit the store commits its own statements, so give it a data source
 * whose connections are not part of your application's transactions. A database error is thrown as
 * {@link DeliveryStoreException}; the receiver lets it propagate, so the sender is answered 5xx and
 * retries. Thread-safe.
 */
public final class JdbcDeliveryStore implements DeliveryStore {
  /** The default table name. */
  public static final String DEFAULT_TABLE = "callback_delivery";
  /** The default number of claims between two purges of expired rows. */
  public static final int DEFAULT_PURGE_EVERY = 1000;
  /** The longest id stored as it is; longer ids are stored as their SHA-256. */
  static final int MAX_ID_LENGTH = 255;

  private final DataSource dataSource;
  private final String table;
  private final Clock clock;
  private final int purgeEvery;
  private final AtomicLong claims = new AtomicLong();
  private final String deleteExpiredId;
  private final String insert;
  private final String delete;
  private final String purge;
  /** The claiming insert, chosen from the database product on first use. */
  private volatile @Nullable String claimInsert;

  private JdbcDeliveryStore(Builder builder) {
    this.dataSource = builder.dataSource;
    this.table = builder.table;
    this.clock = builder.clock;
    this.purgeEvery = builder.purgeEvery;
    this.deleteExpiredId = "DELETE FROM " + table + " WHERE id = ? AND expires_at <= ?";
    this.insert = "INSERT INTO " + table + " (id, expires_at) VALUES (?, ?)";
    this.delete = "DELETE FROM " + table + " WHERE id = ?";
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

  @Override
  public boolean claim(String deliveryId, Duration ttl) {
    Objects.requireNonNull(deliveryId, "deliveryId == null");
    Objects.requireNonNull(ttl, "ttl == null");
    if (ttl.isNegative() || ttl.isZero()) throw new IllegalArgumentException("ttl must be positive");
    String id = storedId(deliveryId);
    long now = clock.millis();
    long expiresAt = saturatedAdd(now, ttl);
    boolean claimed;
    try (Connection connection = dataSource.getConnection()) {
      claimed = inTransaction(connection, () -> {
        try (PreparedStatement deleteExpired = connection.prepareStatement(deleteExpiredId)) {
          deleteExpired.setString(1, id);
          deleteExpired.setLong(2, now);
          deleteExpired.executeUpdate();
        }
        // Without auto-commit a failed statement aborts the whole transaction on PostgreSQL: keep
        // the delete with a savepoint.
        Savepoint beforeInsert = connection.getAutoCommit() ? null : connection.setSavepoint();
        try (PreparedStatement insertRow = connection.prepareStatement(claimInsert(connection))) {
          insertRow.setString(1, id);
          insertRow.setLong(2, expiresAt);
          return insertRow.executeUpdate() == 1;
        } catch (SQLException e) {
          if (!isUniqueViolation(e)) throw e;
          if (beforeInsert != null) connection.rollback(beforeInsert);
          return false;
        }
      });
    } catch (SQLException e) {
      throw new DeliveryStoreException("could not claim a delivery in table " + table, e);
    }
    if (purgeEvery > 0 && claims.incrementAndGet() % purgeEvery == 0) purgeExpired();
    return claimed;
  }

  @Override
  public void release(String deliveryId) {
    String id = storedId(Objects.requireNonNull(deliveryId, "deliveryId == null"));
    try (Connection connection = dataSource.getConnection()) {
      inTransaction(connection, () -> {
        try (PreparedStatement statement = connection.prepareStatement(delete)) {
          statement.setString(1, id);
          return statement.executeUpdate() == 1;
        }
      });
    } catch (SQLException e) {
      throw new DeliveryStoreException("could not release a delivery in table " + table, e);
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
      inTransaction(connection, () -> {
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
   * Creates the table and its expiry index unless the table exists, with the DDL shown above for
   * the database the data source reaches (MySQL and MariaDB get a binary collation).
   *
   * @throws DeliveryStoreException when the database fails
   */
  public void createTableIfNotExists() {
    try (Connection connection = dataSource.getConnection()) {
      String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
      boolean mysql = product.contains("mysql") || product.contains("mariadb");
      String index = table.replace('.', '_') + "_expires";
      inTransaction(connection, () -> {
        try (Statement statement = connection.createStatement()) {
          if (mysql) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + table
                + " (id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,"
                + " expires_at BIGINT NOT NULL, INDEX " + index + " (expires_at))");
          } else {
            statement.execute("CREATE TABLE IF NOT EXISTS " + table
                + " (id VARCHAR(255) NOT NULL PRIMARY KEY, expires_at BIGINT NOT NULL)");
            statement.execute("CREATE INDEX IF NOT EXISTS " + index + " ON " + table + " (expires_at)");
          }
          return true;
        }
      });
    } catch (SQLException e) {
      throw new DeliveryStoreException("could not create table " + table, e);
    }
  }

  /**
   * On PostgreSQL, {@code ON CONFLICT DO NOTHING} reports a duplicate as 0 rows rather than as an
   * error, which the server would log for every duplicate. Elsewhere the unique-key violation is
   * caught.
   */
  private String claimInsert(Connection connection) throws SQLException {
    String sql = claimInsert;
    if (sql == null) {
      String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
      sql = product.contains("postgresql") ? insert + " ON CONFLICT (id) DO NOTHING" : insert;
      claimInsert = sql;
    }
    return sql;
  }

  /** Shows the table and the purge interval; never the data source, whose text may hold a password. */
  @Override
  public String toString() {
    return "JdbcDeliveryStore{table=" + table + ", purgeEvery=" + purgeEvery + "}";
  }

  private interface SqlWork {
    boolean run() throws SQLException;
  }

  /** Runs the work and, on a connection without auto-commit, commits it (or rolls it back). */
  private static boolean inTransaction(Connection connection, SqlWork work) throws SQLException {
    if (connection.getAutoCommit()) return work.run();
    boolean result;
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
      if (t instanceof SQLException && ((SQLException) t).getSQLState() != null
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
     * agree to within a second or so; the expiry is written by the node that claims.
     *
     * @param clock the clock; default the system's UTC clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Sets how many claims pass between two purges of expired rows.
     *
     * @param purgeEvery at least 1, or 0 to purge only when {@link JdbcDeliveryStore#purgeExpired()}
     *     is called;
     *     default {@value JdbcDeliveryStore#DEFAULT_PURGE_EVERY}
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
