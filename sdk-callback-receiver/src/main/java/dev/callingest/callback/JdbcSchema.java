package dev.callingest.callback;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The per-database DDL scripts of {@link JdbcDeliveryStore} and their safe execution when several
 * instances start at once on a fresh database.
 */
final class JdbcSchema {
  /** The platforms a script is shipped for, named as Spring Boot's {@code DatabaseDriver} ids. */
  static final List<String> PLATFORMS =
      List.of("postgresql", "h2", "mysql", "mariadb", "sqlserver", "oracle");

  private static final String DEFAULT_INDEX = JdbcDeliveryStore.DEFAULT_TABLE + "_expires";

  private JdbcSchema() {}

  /** The platform id for a JDBC product name, or null when no script fits it. */
  static @Nullable String platformOf(String productName) {
    String product = productName.toLowerCase(Locale.ROOT);
    if (product.contains("postgresql")) return "postgresql";
    if (product.equals("h2")) return "h2";
    if (product.contains("mariadb")) return "mariadb";
    if (product.contains("mysql")) return "mysql";
    if (product.contains("sql server")) return "sqlserver";
    if (product.contains("oracle")) return "oracle";
    return null;
  }

  static String script(String platform) {
    if (!PLATFORMS.contains(platform)) {
      throw new IllegalArgumentException(
          "no callback_delivery script for platform " + platform + "; there are " + PLATFORMS);
    }
    String resource = "schema-" + platform + ".sql";
    try (InputStream in = JdbcSchema.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException(resource + " is missing from the jar");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("could not read " + resource, e);
    }
  }

  /**
   * The script's statements for the given table, without comments. The index is named after the
   * table without its schema qualifier's dot, as the index lives in the table's schema.
   */
  static List<String> statements(String platform, String table) {
    String index = table.replace('.', '_') + "_expires";
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script(platform).split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) continue;
      current.append(trimmed).append(' ');
      if (trimmed.endsWith(";")) {
        // One line, single spaces (the scripts hold no string literal that spaces matter in).
        String sql = current.substring(0, current.length() - 2).strip().replaceAll("\\s+", " ");
        // The index name first: it contains the table name.
        sql =
            sql.replace(DEFAULT_INDEX, "\u0000")
                .replace(JdbcDeliveryStore.DEFAULT_TABLE, table)
                .replace("\u0000", index);
        statements.add(sql);
        current.setLength(0);
      }
    }
    return statements;
  }

  /**
   * Creates the table and its index unless they exist, safely when other instances do the same at
   * the same moment. On PostgreSQL the statements run in one transaction under a transaction-level
   * advisory lock keyed by the table name, since concurrent {@code CREATE TABLE IF NOT EXISTS} can
   * fail there on the catalog's unique index. Elsewhere each statement runs on its own; when one
   * fails, the object it creates is looked for, and the failure counts only when it is absent (on
   * Oracle, which has no {@code IF NOT EXISTS}, and on SQL Server, whose guard can race, the loser
   * fails with "name already used").
   */
  static void create(Connection connection, String platform, String table) throws SQLException {
    List<String> statements = statements(platform, table);
    boolean autoCommit = connection.getAutoCommit();
    try {
      if (platform.equals("postgresql")) {
        connection.setAutoCommit(false);
        try {
          try (PreparedStatement lock =
              connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, advisoryKey(table));
            lock.execute();
          }
          try (Statement statement = connection.createStatement()) {
            for (String sql : statements) statement.execute(sql);
          }
          connection.commit();
        } catch (SQLException e) {
          // Someone created them without the lock (your migrations, an older version): fine when
          // both are there now.
          connection.rollback();
          connection.setAutoCommit(true);
          if (!tableExists(connection, table) || !indexExists(connection, table)) throw e;
        } catch (RuntimeException e) {
          connection.rollback();
          throw e;
        }
      } else {
        connection.setAutoCommit(true);
        for (String sql : statements) {
          try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
          } catch (SQLException e) {
            boolean index = sql.startsWith("CREATE INDEX");
            if (index ? !indexExists(connection, table) : !tableExists(connection, table)) throw e;
          }
        }
      }
    } finally {
      if (connection.getAutoCommit() != autoCommit) connection.setAutoCommit(autoCommit);
    }
  }

  static boolean tableExists(Connection connection, String table) {
    try (Statement statement = connection.createStatement()) {
      statement.executeQuery("SELECT COUNT(*) FROM " + table + " WHERE 1 = 0").close();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  static boolean indexExists(Connection connection, String table) throws SQLException {
    String index = table.replace('.', '_') + "_expires";
    int dot = table.indexOf('.');
    String schema = dot < 0 ? null : table.substring(0, dot);
    String name = dot < 0 ? table : table.substring(dot + 1);
    DatabaseMetaData metaData = connection.getMetaData();
    // Unquoted names are folded to upper case by some databases and to lower case by others.
    List<String> spellings =
        List.of(name, name.toUpperCase(Locale.ROOT), name.toLowerCase(Locale.ROOT));
    for (String tableName : spellings) {
      String schemaName =
          schema == null
              ? null
              : metaData.storesUpperCaseIdentifiers()
                  ? schema.toUpperCase(Locale.ROOT)
                  : metaData.storesLowerCaseIdentifiers()
                      ? schema.toLowerCase(Locale.ROOT)
                      : schema;
      try (ResultSet indexes = metaData.getIndexInfo(null, schemaName, tableName, false, true)) {
        while (indexes.next()) {
          if (index.equalsIgnoreCase(indexes.getString("INDEX_NAME"))) return true;
        }
      }
    }
    return false;
  }

  /** A stable 64-bit key for the table's advisory lock. */
  static long advisoryKey(String table) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(("dev.callingest.callback:" + table).getBytes(StandardCharsets.UTF_8));
      long key = 0;
      for (int i = 0; i < 8; i++) key = (key << 8) | (digest[i] & 0xff);
      return key;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e); // Every JDK has it.
    }
  }
}
