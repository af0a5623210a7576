package dev.callingest.spring;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.sql.init.DatabaseInitializationMode;

/**
 * callingest.pacing.*: the pacing store in the application's database, shared by both APIs' clients
 * whose {@code callingest.<api>.pacing.store} is {@code jdbc} (their rows are kept apart by API and
 * account key).
 *
 * @param jdbc the store's tables and their creation
 */
@ConfigurationProperties(prefix = PacingProperties.PREFIX, ignoreUnknownFields = false)
public record PacingProperties(@DefaultValue Jdbc jdbc) {
  /** The properties' prefix. */
  public static final String PREFIX = "callingest.pacing";

  /**
   * {@code callingest.pacing.jdbc.*}: the {@link dev.callingest.pacing.JdbcPacingStore}'s three
   * tables ({@code <table-prefix>_account}, {@code _entry}, {@code _slot}) and their creation by
   * Spring Boot's script initialization, the same way as {@code callingest.callback.jdbc.*}.
   *
   * @param tablePrefix the tables' common prefix: lower-case letters, digits and _, at most 41
   *     characters; it replaces {prefix} in the schema script
   * @param initializeSchema when to create the tables at startup: embedded (only on an embedded
   *     database such as H2 in memory), always, or never (Flyway, Liquibase or a DBA creates them)
   * @param schema the location of the script that creates the tables; @@platform@@ stands for the
   *     database, detected from the DataSource
   * @param platform the database for @@platform@@ when detection is not wanted, such as postgresql
   * @param continueOnError whether startup goes on when the script fails
   */
  public record Jdbc(
      @DefaultValue("callingest_pacing") String tablePrefix,
      @DefaultValue("embedded") DatabaseInitializationMode initializeSchema,
      @DefaultValue(CallingestSchemas.PACING) String schema,
      @Nullable String platform,
      @DefaultValue("true") boolean continueOnError)
      implements CallingestSchemas.Settings {}
}
