package dev.callingest.bulk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The journal of one named import in a database, shared by every process (replica) that may run
 * that import: a process that dies in the middle of an import leaves its journal where another
 * process can resume it, and two processes cannot run the same import at once. It needs only {@code
 * java.sql} and your JDBC driver.
 *
 * <pre>{@code
 * ImportReport report = uploadClient.importer()
 *     .journal(JdbcImportJournal.of(dataSource, "crm-2026-12"))
 *     .build()
 *     .run(calls);
 * }</pre>
 *
 * <h2>Leases</h2>
 *
 * Opening the journal takes the import's lease for {@link Builder#leaseDuration(Duration)} (default
 * 60 s) and renews it every {@link Builder#heartbeatInterval(Duration)} (default a third of the
 * lease) while the run lasts; the end of the run gives it up. A process that opens the journal
 * while another holds a live lease gets {@link ImportLeaseException} naming the import and when
 * that lease expires. When a process dies its lease is no longer renewed, and once it expires
 * another process takes the import over and resumes it exactly as a rerun over a file journal does:
 * calls whose submission was under way are sent again and flagged as possible duplicates (or left
 * in doubt under {@link DeliveryMode#AT_MOST_ONCE}), accepted calls are skipped.
 *
 * <p>Every write is fenced: in the same transaction as its insert it locks the import's lease row
 * and checks that this process still owns it. A process that was paused past its lease and found
 * the import taken over writes nothing more: its next write throws {@link ImportLeaseException}, so
 * it sends nothing more, and its run ends as {@link BulkImporter#run} documents.
 *
 * <h2>Time</h2>
 *
 * Lease expiry is read from the database's clock ({@code CURRENT_TIMESTAMP}, or {@code
 * clock_timestamp()} on PostgreSQL), never the processes' clocks, so replicas whose clocks differ
 * do not take an import from each other early. Expiries are stored as milliseconds since the epoch.
 * {@link Builder#clock(Clock)} replaces the database's clock with a client-side one, for tests or a
 * database without one of the supported expressions; the processes' clocks must then agree to well
 * within the lease (keep the skew under a tenth of it).
 *
 * <h2>Tables</h2>
 *
 * Two tables, {@value #EVENT_TABLE} (the events: import name, sequence, type, call id, batch id,
 * duplicate flag, reason; one row per line of the file journal's format) and {@value #LEASE_TABLE}
 * (import name, owner id, lease expiry, last heartbeat). Their DDL ships per database as the
 * resources {@code dev/callingest/bulk/schema-<platform>.sql} ({@value #SCHEMA_RESOURCE_PATTERN})
 * for {@code postgresql}, {@code h2}, {@code mysql} and {@code mariadb}; {@link
 * #schemaScript(String)} reads one, and {@link #createTablesIfNotExist()} runs the right one,
 * safely when several processes start at once. A finished import's rows stay until you delete them
 * ({@code DELETE FROM callingest_import_event WHERE import_name = ?}, the same for the lease).
 *
 * <p>Resuming reads the events with a forward-only cursor of {@link Builder#fetchSize(int)} rows,
 * never the whole import: on PostgreSQL in a transaction, as its driver needs; on MySQL add {@code
 * useCursorFetch=true} to the JDBC URL, or the driver reads every row into memory.
 *
 * <p>Each operation takes a connection from the data source and gives it back at once; give the
 * journal a data source whose connections are not part of your application's transactions. Error
 * messages name the import, never the data source (whose text may hold a password). Thread-safe.
 */
public final class JdbcImportJournal implements ImportJournal {
  /** The events table. */
  public static final String EVENT_TABLE = "callingest_import_event";

  /** The leases table. */
  public static final String LEASE_TABLE = "callingest_import_lease";

  /** Where the DDL scripts are on the class path; {@code @@platform@@} is the database. */
  public static final String SCHEMA_RESOURCE_PATTERN =
      "dev/callingest/bulk/schema-@@platform@@.sql";

  /** The platforms a DDL script ships for. */
  public static final List<String> PLATFORMS = List.of("postgresql", "h2", "mysql", "mariadb");

  /** The default lease. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);

  /** SQLStates of "already exists" (PostgreSQL, SQL standard) and PostgreSQL's catalog race. */
  private static final Set<String> DUPLICATE_OBJECT =
      Set.of("42P07", "42710", "23505", "42S01", "42S11");

  final DataSource dataSource;
  final String importName;
  final Duration leaseDuration;
  final Duration heartbeatInterval;
  final @Nullable Clock clock;
  final String ownerPrefix;
  final int fetchSize;

  private JdbcImportJournal(Builder builder) {
    this.dataSource = builder.dataSource;
    this.importName = builder.importName;
    this.leaseDuration = builder.leaseDuration;
    this.heartbeatInterval =
        builder.heartbeatInterval != null ? builder.heartbeatInterval : leaseDuration.dividedBy(3);
    this.clock = builder.clock;
    this.ownerPrefix = builder.ownerId;
    this.fetchSize = builder.fetchSize;
  }

  /**
   * {@return the journal of {@code importName} with the default lease; the tables must exist (see
   * {@link #createTablesIfNotExist()})}
   *
   * @param dataSource where the tables are; typically a connection pool
   * @param importName the import's name, 1 to 200 characters, the same in every process that may
   *     run it, such as {@code crm-2026-12}
   */
  public static JdbcImportJournal of(DataSource dataSource, String importName) {
    return builder(dataSource, importName).build();
  }

  /**
   * {@return a builder, for another lease, heartbeat, owner id, clock or fetch size}
   *
   * @param dataSource where the tables are
   * @param importName the import's name, 1 to 200 characters
   */
  public static Builder builder(DataSource dataSource, String importName) {
    return new Builder(dataSource, importName);
  }

  /** {@return the import's name} */
  public String importName() {
    return importName;
  }

  /**
   * Takes the import's lease, then replays its events, oldest first, streaming them from a cursor.
   * The lease is renewed on a daemon thread until the session is closed.
   *
   * @param replay receives every recorded event, oldest first
   * @return the session, holding the lease until it is closed
   * @throws ImportLeaseException when another process holds a live lease on the import
   * @throws ImportJournalException when the database fails
   */
  @Override
  public Session open(Consumer<? super JournalEvent> replay) {
    Objects.requireNonNull(replay, "replay == null");
    String owner = ownerPrefix + "/" + UUID.randomUUID().toString().substring(0, 8);
    return JdbcJournalSession.open(this, owner, replay);
  }

  /**
   * Creates both tables unless they exist, with the script for the database the data source
   * reaches. Safe when several processes start at once: an "already exists" error from a concurrent
   * creation is caught, the statement is run again (finding the object, it does nothing) and the
   * tables are checked.
   *
   * @throws ImportJournalException when the database fails, or when no script ships for it
   */
  public void createTablesIfNotExist() {
    try (Connection connection = dataSource.getConnection()) {
      String platform = platform(connection);
      if (!PLATFORMS.contains(platform)) {
        throw new ImportJournalException(
            "no journal schema ships for the database "
                + platform
                + "; create the tables yourself after the "
                + PLATFORMS
                + " scripts",
            null);
      }
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(true);
      try (Statement statement = connection.createStatement()) {
        for (String sql : statements(schemaScript(platform))) {
          // A concurrent creation of the same object fails this one even with IF NOT EXISTS (on
          // PostgreSQL a duplicate key in its catalog); once that creation is committed, the
          // statement run again finds the object and does nothing.
          for (int attempt = 1; ; attempt++) {
            try {
              statement.execute(sql);
              break;
            } catch (SQLException e) {
              if (!DUPLICATE_OBJECT.contains(e.getSQLState()) || attempt == 5) throw e;
            }
          }
        }
        if (!tablesExist(connection)) throw new SQLException("the tables are still missing");
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new ImportJournalException(
          "cannot create the import journal tables: " + e.getMessage(), e);
    }
  }

  /**
   * {@return the DDL script for {@code platform}, the text of the resource {@value
   * #SCHEMA_RESOURCE_PATTERN}: statements separated by semicolons, comments starting {@code --}}
   *
   * @param platform one of {@link #PLATFORMS}
   * @throws IllegalArgumentException for another platform
   */
  public static String schemaScript(String platform) {
    Objects.requireNonNull(platform, "platform == null");
    if (!PLATFORMS.contains(platform)) {
      throw new IllegalArgumentException("platform must be one of " + PLATFORMS + ": " + platform);
    }
    String resource = "/" + SCHEMA_RESOURCE_PATTERN.replace("@@platform@@", platform);
    try (InputStream in = JdbcImportJournal.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("missing resource " + resource);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read resource " + resource, e);
    }
  }

  /** Shows the import and the lease; never the data source, whose text may hold a password. */
  @Override
  public String toString() {
    return "JdbcImportJournal{import=" + importName + ", lease=" + leaseDuration + "}";
  }

  static List<String> statements(String script) {
    StringBuilder text = new StringBuilder();
    for (String line : script.split("\n")) {
      if (!line.strip().startsWith("--")) text.append(line).append('\n');
    }
    List<String> statements = new ArrayList<>();
    for (String statement : text.toString().split(";")) {
      if (!statement.isBlank()) statements.add(statement.strip());
    }
    return statements;
  }

  private static boolean tablesExist(Connection connection) {
    try (Statement statement = connection.createStatement()) {
      statement.executeQuery("SELECT 1 FROM " + EVENT_TABLE + " WHERE 1 = 0").close();
      statement.executeQuery("SELECT 1 FROM " + LEASE_TABLE + " WHERE 1 = 0").close();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /** The platform name of the scripts: postgresql, h2, mysql, mariadb, or the product's name. */
  static String platform(Connection connection) throws SQLException {
    String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
    if (product.contains("postgres")) return "postgresql";
    if (product.contains("mariadb")) return "mariadb";
    if (product.contains("mysql")) return "mysql";
    if (product.equals("h2")) return "h2";
    return product.replaceAll("[^a-z0-9]", "");
  }

  /** The query of the database's time in milliseconds since the epoch, or null when unknown. */
  static @Nullable String nowQuery(String platform) {
    return switch (platform) {
      // clock_timestamp(): the time now, not when the transaction started.
      case "postgresql" -> "SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";
      case "h2" -> "SELECT CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT)";
      case "mysql", "mariadb" ->
          "SELECT CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(3)) * 1000 AS SIGNED)";
      default -> null;
    };
  }

  /** The database's time, or the injected clock's. */
  long now(Connection connection, String platform) throws SQLException {
    if (clock != null) return clock.millis();
    String query = nowQuery(platform);
    if (query == null) {
      throw new SQLException(
          "the journal knows no clock expression for "
              + platform
              + "; set JdbcImportJournal.Builder.clock");
    }
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(query)) {
      result.next();
      return result.getLong(1);
    }
  }

  /** Builds a {@link JdbcImportJournal}. */
  public static final class Builder {
    private final DataSource dataSource;
    private final String importName;
    private Duration leaseDuration = DEFAULT_LEASE;
    private @Nullable Duration heartbeatInterval;
    private @Nullable Clock clock;
    private String ownerId = defaultOwnerId();
    private int fetchSize = 1000;

    Builder(DataSource dataSource, String importName) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource == null");
      Objects.requireNonNull(importName, "importName == null");
      if (importName.isBlank() || importName.length() > 200) {
        throw new IllegalArgumentException("importName must be 1 to 200 characters, not blank");
      }
      this.importName = importName;
    }

    /**
     * Sets how long a lease lasts without renewal: how long after a process dies another may take
     * the import over.
     *
     * @param lease at least 1 s; default 60 s
     * @return this builder
     */
    public Builder leaseDuration(Duration lease) {
      Objects.requireNonNull(lease, "lease == null");
      if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("leaseDuration must be at least 1 s: " + lease);
      }
      this.leaseDuration = lease;
      return this;
    }

    /**
     * Sets how often the running process renews its lease.
     *
     * @param interval positive and shorter than the lease; default a third of the lease
     * @return this builder
     */
    public Builder heartbeatInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval == null");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("heartbeatInterval must be positive: " + interval);
      }
      this.heartbeatInterval = interval;
      return this;
    }

    /**
     * Reads lease time from {@code clock} instead of the database's clock. Every process sharing
     * the import must then use clocks that agree to well within the lease.
     *
     * @param clock the clock; default none (the database's)
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Sets how this process is named in the lease table and in {@link ImportLeaseException}; each
     * run adds a random suffix.
     *
     * @param ownerId 1 to 180 characters; default the process id and host name, {@code pid@host}
     * @return this builder
     */
    public Builder ownerId(String ownerId) {
      Objects.requireNonNull(ownerId, "ownerId == null");
      if (ownerId.isBlank() || ownerId.length() > 180) {
        throw new IllegalArgumentException("ownerId must be 1 to 180 characters, not blank");
      }
      this.ownerId = ownerId;
      return this;
    }

    /**
     * Sets how many events a resume reads per round trip.
     *
     * @param rows 1 to 100,000; default 1,000
     * @return this builder
     */
    public Builder fetchSize(int rows) {
      if (rows < 1 || rows > 100_000) {
        throw new IllegalArgumentException("fetchSize must be between 1 and 100000: " + rows);
      }
      this.fetchSize = rows;
      return this;
    }

    /**
     * Builds the journal. It does not touch the database.
     *
     * @return the journal
     * @throws IllegalArgumentException when the heartbeat is not shorter than the lease
     */
    public JdbcImportJournal build() {
      if (heartbeatInterval != null && heartbeatInterval.compareTo(leaseDuration) >= 0) {
        throw new IllegalArgumentException("heartbeatInterval must be shorter than leaseDuration");
      }
      return new JdbcImportJournal(this);
    }

    private static String defaultOwnerId() {
      String host = System.getenv("HOSTNAME");
      if (host == null || host.isBlank()) host = System.getenv("COMPUTERNAME");
      if (host == null || host.isBlank()) host = "localhost";
      String id = ProcessHandle.current().pid() + "@" + host;
      return id.length() > 180 ? id.substring(0, 180) : id;
    }
  }
}
