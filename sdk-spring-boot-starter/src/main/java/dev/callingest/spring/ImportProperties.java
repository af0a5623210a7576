package dev.callingest.spring;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.sql.init.DatabaseInitializationMode;

/**
 * callingest.imports.*: import journals in the application's database ({@link
 * CallingestImportJournals}).
 *
 * @param jdbc the journal tables and their creation
 */
@ConfigurationProperties(prefix = ImportProperties.PREFIX, ignoreUnknownFields = false)
public record ImportProperties(@DefaultValue Jdbc jdbc) {
  /** The properties' prefix. */
  public static final String PREFIX = "callingest.imports";

  /**
   * {@code callingest.imports.jdbc.*}: the {@link dev.callingest.bulk.JdbcImportJournal} tables
   * ({@code callingest_import_event}, {@code callingest_import_lease}) and their creation by Spring
   * Boot's script initialization, the same way as {@code callingest.callback.jdbc.*}.
   *
   * @param enabled whether the starter makes the CallingestImportJournals bean on the application's
   *     DataSource
   * @param initializeSchema when to create the tables at startup: embedded (only on an embedded
   *     database such as H2 in memory), always, or never (Flyway, Liquibase or a DBA creates them)
   * @param schema the location of the script that creates the tables; @@platform@@ stands for the
   *     database, detected from the DataSource
   * @param platform the database for @@platform@@ when detection is not wanted, such as postgresql
   * @param continueOnError whether startup goes on when the script fails
   */
  public record Jdbc(
      @DefaultValue("false") boolean enabled,
      @DefaultValue("embedded") DatabaseInitializationMode initializeSchema,
      @DefaultValue(CallingestSchemas.IMPORTS) String schema,
      @Nullable String platform,
      @DefaultValue("true") boolean continueOnError)
      implements CallingestSchemas.Settings {}
}
