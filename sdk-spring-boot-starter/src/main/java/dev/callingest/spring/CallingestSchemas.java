package dev.callingest.spring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.jdbc.init.PlatformPlaceholderDatabaseDriverResolver;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.sql.init.DatabaseInitializationSettings;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.StreamUtils;

/**
 * The schema scripts of every callingest table, and the one way they are applied: Spring Boot's
 * {@link DataSourceScriptDatabaseInitializer}, with the mode, script location, platform and
 * continue-on-error of the table's {@code *.jdbc.*} properties ({@link Settings}). A feature that
 * stores a table in the application's database (callback deliveries, the shared pacing store, the
 * import journals) declares its properties as a {@link Settings} record and calls {@link
 * #initializer}.
 */
final class CallingestSchemas {
  /** The callback delivery table's scripts, shipped by the receiver module beside its store. */
  static final String CALLBACK = "classpath:dev/callingest/callback/schema-@@platform@@.sql";

  /** The pacing tables' scripts, in core beside {@code JdbcPacingStore}; {prefix} is replaced. */
  static final String PACING = "classpath:dev/callingest/pacing/schema-@@platform@@.sql";

  /** The import journal tables' scripts, in core beside {@code JdbcImportJournal}. */
  static final String IMPORTS = "classpath:dev/callingest/bulk/schema-@@platform@@.sql";

  private CallingestSchemas() {}

  /** What each callingest table's {@code *.jdbc.*} properties say about its schema. */
  interface Settings {
    DatabaseInitializationMode initializeSchema();

    String schema();

    @Nullable String platform();

    boolean continueOnError();
  }

  /**
   * What the starter knows of one table's default scripts.
   *
   * @param prefix the properties' prefix, such as {@code callingest.callback.jdbc}
   * @param tableProperty the property naming the table, checked against {@code defaultTable}; null
   *     when the name is not configurable or goes into the script through {@code placeholders}
   * @param table the configured table name, when {@code tableProperty} is set
   * @param defaultTable the table name the default scripts create
   * @param defaultSchema the default script location
   * @param platforms the databases callingest ships scripts for, for the failure report
   * @param mariadb the platform name whose scripts serve MariaDB
   * @param placeholders text replaced in every script before it runs, such as {@code {prefix}}
   */
  record Table(
      String prefix,
      @Nullable String tableProperty,
      @Nullable String table,
      @Nullable String defaultTable,
      String defaultSchema,
      String platforms,
      String mariadb,
      Map<String, String> placeholders) {}

  /**
   * The initializer of one table, after checking that its script exists for the database.
   *
   * @param dataSource the database
   * @param settings the table's properties
   * @param prefix the properties' prefix, such as {@code callingest.callback.jdbc}
   * @param table the configured table name ({@code <prefix>.table})
   * @param defaultTable the table name the default scripts create
   * @param defaultSchema the default script location
   * @throws CallingestConfigurationException when initialization would run a script that does not
   *     exist for this database, or would create a table of another name than the one configured
   */
  static DataSourceScriptDatabaseInitializer initializer(
      DataSource dataSource,
      Settings settings,
      String prefix,
      String table,
      String defaultTable,
      String defaultSchema) {
    return initializer(
        dataSource,
        settings,
        new Table(
            prefix,
            prefix + ".table",
            table,
            defaultTable,
            defaultSchema,
            "h2, postgresql, mysql, mariadb, sqlserver, oracle",
            "mariadb",
            Map.of()));
  }

  /**
   * The initializer of one table, after checking that its script exists for the database.
   *
   * @param dataSource the database
   * @param settings the table's properties
   * @param table what the starter knows of the table's scripts
   * @throws CallingestConfigurationException when initialization would run a script that does not
   *     exist for this database, or would create a table of another name than the one configured
   */
  static DataSourceScriptDatabaseInitializer initializer(
      DataSource dataSource, Settings settings, Table table) {
    String prefix = table.prefix();
    DatabaseInitializationSettings init = new DatabaseInitializationSettings();
    init.setMode(settings.initializeSchema());
    init.setContinueOnError(settings.continueOnError());
    boolean runs =
        settings.initializeSchema() == DatabaseInitializationMode.ALWAYS
            || (settings.initializeSchema() == DatabaseInitializationMode.EMBEDDED
                && EmbeddedDatabaseConnection.isEmbedded(dataSource));
    if (!runs) {
      // Nothing to apply on this database in this mode: no platform to detect, no script to find.
      return new DataSourceScriptDatabaseInitializer(dataSource, init);
    }
    String name = table.table();
    if (table.tableProperty() != null
        && name != null
        && !name.equals(table.defaultTable())
        && settings.schema().equals(table.defaultSchema())) {
      throw new CallingestConfigurationException(
          table.tableProperty(),
          "it names the table "
              + name
              + ", but the default schema scripts create "
              + table.defaultTable(),
          "Set "
              + prefix
              + ".schema to a script that creates "
              + name
              + ", or set "
              + prefix
              + ".initialize-schema=never and create the table yourself.");
    }
    String location;
    try {
      location = resolve(dataSource, settings, table.mariadb());
    } catch (IllegalStateException e) {
      throw new CallingestConfigurationException(
          prefix + ".platform",
          "the database could not be recognized to choose its schema script ("
              + e.getMessage()
              + ")",
          "Set "
              + prefix
              + ".platform to the database's name (such as postgresql), or "
              + prefix
              + ".initialize-schema=never and create the table yourself.",
          e);
    }
    ResourceLoader resources = new DefaultResourceLoader(CallingestSchemas.class.getClassLoader());
    if (!resources.getResource(location).exists()) {
      throw new CallingestConfigurationException(
          prefix + ".schema",
          "there is no schema script at " + location + " for this database",
          "Set "
              + prefix
              + ".schema to a script for your database, "
              + prefix
              + ".platform to a"
              + " database callingest ships scripts for ("
              + table.platforms()
              + "), or "
              + prefix
              + ".initialize-schema=never and create the table yourself.");
    }
    init.setSchemaLocations(List.of(location));
    if (table.placeholders().isEmpty()) {
      return new DataSourceScriptDatabaseInitializer(dataSource, init);
    }
    return new Replacing(dataSource, init, table.placeholders());
  }

  /** The script location with {@code @@platform@@} replaced, as Spring Batch resolves its own. */
  static String resolve(DataSource dataSource, Settings settings, String mariadb) {
    PlatformPlaceholderDatabaseDriverResolver resolver =
        new PlatformPlaceholderDatabaseDriverResolver()
            .withDriverPlatform(DatabaseDriver.MARIADB, mariadb);
    String platform = settings.platform();
    List<String> resolved =
        platform != null && !platform.isBlank()
            ? resolver.resolveAll(platform, settings.schema())
            : resolver.resolveAll(dataSource, settings.schema());
    return resolved.get(0);
  }

  /**
   * Boot's initializer, with placeholders such as the pacing tables' {@code {prefix}} replaced in
   * each script before it runs (Spring's script runner knows no placeholders of its own).
   */
  static final class Replacing extends DataSourceScriptDatabaseInitializer {
    private final Map<String, String> placeholders;

    Replacing(
        DataSource dataSource,
        DatabaseInitializationSettings settings,
        Map<String, String> placeholders) {
      super(dataSource, settings);
      this.placeholders = Map.copyOf(placeholders);
    }

    @Override
    protected void runScripts(Scripts scripts) {
      List<Resource> replaced = new ArrayList<>();
      for (Resource script : scripts) {
        try {
          String text =
              StreamUtils.copyToString(
                  script.getInputStream(),
                  scripts.getEncoding() != null ? scripts.getEncoding() : StandardCharsets.UTF_8);
          for (Map.Entry<String, String> placeholder : placeholders.entrySet()) {
            text = text.replace(placeholder.getKey(), placeholder.getValue());
          }
          replaced.add(
              new ByteArrayResource(
                  text.getBytes(StandardCharsets.UTF_8), script.getDescription()));
        } catch (IOException e) {
          throw new IllegalStateException("cannot read " + script.getDescription(), e);
        }
      }
      Scripts copy =
          new Scripts(replaced)
              .continueOnError(scripts.isContinueOnError())
              .separator(scripts.getSeparator())
              .encoding(StandardCharsets.UTF_8);
      super.runScripts(copy);
    }
  }
}
