package dev.callingest.spring;

import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.jdbc.init.PlatformPlaceholderDatabaseDriverResolver;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.sql.init.DatabaseInitializationSettings;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.ResourceLoader;

/**
 * The schema scripts of every callingest table, and the one way they are applied: Spring Boot's
 * {@link DataSourceScriptDatabaseInitializer}, with the mode, script location, platform and
 * continue-on-error of the table's {@code *.jdbc.*} properties ({@link Settings}). A feature that
 * stores a table in the application's database (callback deliveries now; pacing and import journals
 * next) declares its properties as a {@link Settings} record and calls {@link #initializer}.
 */
final class CallingestSchemas {
  /** The callback delivery table's scripts, shipped by the receiver module beside its store. */
  static final String CALLBACK = "classpath:dev/callingest/callback/schema-@@platform@@.sql";

  private CallingestSchemas() {}

  /** What each callingest table's {@code *.jdbc.*} properties say about its schema. */
  interface Settings {
    DatabaseInitializationMode initializeSchema();

    String schema();

    @Nullable String platform();

    boolean continueOnError();

    String table();
  }

  /**
   * The initializer of one table, after checking that its script exists for the database.
   *
   * @param dataSource the database
   * @param settings the table's properties
   * @param prefix the properties' prefix, such as {@code callingest.callback.jdbc}
   * @param defaultTable the table name the default scripts create
   * @param defaultSchema the default script location
   * @throws CallingestConfigurationException when initialization would run a script that does not
   *     exist for this database, or would create a table of another name than the one configured
   */
  static DataSourceScriptDatabaseInitializer initializer(
      DataSource dataSource, Settings settings, String prefix, String defaultTable,
      String defaultSchema) {
    DatabaseInitializationSettings init = new DatabaseInitializationSettings();
    init.setMode(settings.initializeSchema());
    init.setContinueOnError(settings.continueOnError());
    boolean runs = settings.initializeSchema() == DatabaseInitializationMode.ALWAYS
        || (settings.initializeSchema() == DatabaseInitializationMode.EMBEDDED
            && EmbeddedDatabaseConnection.isEmbedded(dataSource));
    if (!runs) {
      // Nothing to apply on this database in this mode: no platform to detect, no script to find.
      return new DataSourceScriptDatabaseInitializer(dataSource, init);
    }
    if (!settings.table().equals(defaultTable) && settings.schema().equals(defaultSchema)) {
      throw new CallingestConfigurationException(prefix + ".table",
          "it names the table " + settings.table() + ", but the default schema scripts create "
              + defaultTable,
          "Set " + prefix + ".schema to a script that creates " + settings.table() + ", or set "
              + prefix + ".initialize-schema=never and create the table yourself.");
    }
    String location;
    try {
      location = resolve(dataSource, settings);
    } catch (IllegalStateException e) {
      throw new CallingestConfigurationException(prefix + ".platform",
          "the database could not be recognized to choose its schema script (" + e.getMessage()
              + ")",
          "Set " + prefix + ".platform to the database's name (such as postgresql), or "
              + prefix + ".initialize-schema=never and create the table yourself.", e);
    }
    ResourceLoader resources = new DefaultResourceLoader(CallingestSchemas.class.getClassLoader());
    if (!resources.getResource(location).exists()) {
      throw new CallingestConfigurationException(prefix + ".schema",
          "there is no schema script at " + location + " for this database",
          "Set " + prefix + ".schema to a script for your database, " + prefix + ".platform to a"
              + " database callingest ships scripts for (h2, postgresql, mysql, mariadb, sqlserver,"
              + " oracle), or " + prefix + ".initialize-schema=never and create the table"
              + " yourself.");
    }
    init.setSchemaLocations(List.of(location));
    return new DataSourceScriptDatabaseInitializer(dataSource, init);
  }

  /** The script location with {@code @@platform@@} replaced, as Spring Batch resolves its own. */
  static String resolve(DataSource dataSource, Settings settings) {
    PlatformPlaceholderDatabaseDriverResolver resolver = new PlatformPlaceholderDatabaseDriverResolver()
        .withDriverPlatform(DatabaseDriver.MARIADB, "mariadb");
    String platform = settings.platform();
    List<String> resolved = platform != null && !platform.isBlank()
        ? resolver.resolveAll(platform, settings.schema())
        : resolver.resolveAll(dataSource, settings.schema());
    return resolved.get(0);
  }
}
