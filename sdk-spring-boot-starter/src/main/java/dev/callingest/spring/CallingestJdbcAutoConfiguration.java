package dev.callingest.spring;

import dev.callingest.bulk.JdbcImportJournal;
import dev.callingest.pacing.JdbcPacingStore;
import dev.callingest.pacing.PacingStore;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The callingest tables in the application's {@link DataSource} (the single candidate: the only
 * one, or the {@code @Primary} one), besides the callback deliveries: the shared {@link
 * JdbcPacingStore} when {@code callingest.upload.pacing.store} or {@code
 * callingest.partner.pacing.store} is {@code jdbc}, and {@link CallingestImportJournals} when
 * {@code callingest.imports.jdbc.enabled=true}. Their tables are created by Spring Boot's script
 * initialization as {@code callingest.pacing.jdbc.initialize-schema} and {@code
 * callingest.imports.jdbc.initialize-schema} say, never by the store itself. Asked for without a
 * single data source, startup stops with a report naming the property ({@link
 * CallingestConfigurationException}).
 */
@AutoConfiguration(
    afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@EnableConfigurationProperties({PacingProperties.class, ImportProperties.class})
public class CallingestJdbcAutoConfiguration {
  /** Creates the auto-configuration; Spring calls this. */
  public CallingestJdbcAutoConfiguration() {}

  /**
   * Stands in for the shared pacing store when a client asks for {@code jdbc} but the application
   * has no single data source: the client that uses it fails to start with the reason. Registered
   * after {@link Pacing}'s store (member classes are read first), which makes it stand back.
   *
   * @param beans the bean factory, to count data sources
   * @param environment the settings, to name the property at fault
   * @return never
   * @throws CallingestConfigurationException always
   */
  @Bean
  @Conditional(JdbcPacingWanted.class)
  @ConditionalOnMissingBean(PacingStore.class)
  public PacingStore callingestPacingStore(ListableBeanFactory beans, Environment environment) {
    String upload = UploadProperties.PREFIX + ".pacing.store";
    String property =
        "jdbc".equalsIgnoreCase(environment.getProperty(upload))
            ? upload
            : PartnerProperties.PREFIX + ".pacing.store";
    throw noDataSource(beans, property, "the shared pacing store", "set " + property + "=memory");
  }

  /**
   * Stands in for the journals when {@code callingest.imports.jdbc.enabled=true} but the
   * application has no single data source: startup fails with the reason.
   *
   * @param beans the bean factory, to count data sources
   * @return never
   * @throws CallingestConfigurationException always
   */
  @Bean
  @ConditionalOnProperty(prefix = "callingest.imports.jdbc", name = "enabled")
  @ConditionalOnMissingBean(CallingestImportJournals.class)
  public CallingestImportJournals callingestImportJournals(ListableBeanFactory beans) {
    String property = ImportProperties.PREFIX + ".jdbc.enabled";
    throw noDataSource(
        beans,
        property,
        "database journals for imports",
        "remove " + property + " and journal imports to files");
  }

  private static CallingestConfigurationException noDataSource(
      ListableBeanFactory beans, String property, String what, String otherwise) {
    int count = beans.getBeanNamesForType(DataSource.class, false, false).length;
    String problem =
        count == 0
            ? "it asks for " + what + " in the application's DataSource, and there is none"
            : "it asks for "
                + what
                + " in the application's DataSource, and there are "
                + count
                + " DataSource beans with none marked @Primary";
    String action =
        count == 0
            ? "Add a DataSource (spring-boot-starter-jdbc and spring.datasource.url), or "
                + otherwise
                + "."
            : "Mark the DataSource to use @Primary, or " + otherwise + ".";
    return new CallingestConfigurationException(property, problem, action);
  }

  /**
   * The {@link JdbcPacingStore} on the application's data source, tables named by {@code
   * callingest.pacing.jdbc.table-prefix}. A {@link PacingStore} bean of yours replaces it.
   */
  @Configuration(proxyBeanMethods = false)
  @Conditional(JdbcPacingWanted.class)
  @ConditionalOnSingleCandidate(DataSource.class)
  @ConditionalOnMissingBean(PacingStore.class)
  public static class Pacing {
    /** Creates the configuration; Spring calls this. */
    public Pacing() {}

    /**
     * The shared store, made after the database is initialized (by the starter's schema
     * initializer, Flyway or Liquibase); it never creates its tables itself.
     *
     * @param dataSource the application's data source
     * @param properties the bound properties
     * @return the store
     */
    @Bean
    @DependsOnDatabaseInitialization
    public JdbcPacingStore callingestJdbcPacingStore(
        DataSource dataSource, PacingProperties properties) {
      String property = PacingProperties.PREFIX + ".jdbc.table-prefix";
      JdbcPacingStore.Builder store = JdbcPacingStore.builder(dataSource).createSchema(false);
      Checks.setting(
          property,
          "Set "
              + property
              + " to lower-case letters, digits and _, at most"
              + " 41 characters, starting with a letter or _.",
          () -> store.tablePrefix(properties.jdbc().tablePrefix()));
      return store.build();
    }

    /** The tables' creation, when Spring Boot's JDBC support is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(
        name = "org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer")
    static class Schema {
      /** Applies {@code callingest.pacing.jdbc.schema} with {prefix} replaced. */
      @Bean
      @ConditionalOnMissingBean(name = "callingestPacingSchemaInitializer")
      DataSourceScriptDatabaseInitializer callingestPacingSchemaInitializer(
          DataSource dataSource, PacingProperties properties) {
        return CallingestSchemas.initializer(
            dataSource,
            properties.jdbc(),
            new CallingestSchemas.Table(
                PacingProperties.PREFIX + ".jdbc",
                null,
                null,
                null,
                CallingestSchemas.PACING,
                "h2, postgresql, mysql",
                "mysql",
                Map.of("{prefix}", properties.jdbc().tablePrefix())));
      }
    }
  }

  /** {@link CallingestImportJournals} on the application's data source. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(prefix = "callingest.imports.jdbc", name = "enabled")
  @ConditionalOnSingleCandidate(DataSource.class)
  @ConditionalOnMissingBean(CallingestImportJournals.class)
  public static class Imports {
    /** Creates the configuration; Spring calls this. */
    public Imports() {}

    /**
     * The journals, made after the database is initialized.
     *
     * @param dataSource the application's data source
     * @return the journals
     */
    @Bean
    @DependsOnDatabaseInitialization
    public CallingestImportJournals callingestJdbcImportJournals(DataSource dataSource) {
      return new CallingestImportJournals(dataSource);
    }

    /** The tables' creation, when Spring Boot's JDBC support is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(
        name = "org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer")
    static class Schema {
      /** Applies {@code callingest.imports.jdbc.schema}. */
      @Bean
      @ConditionalOnMissingBean(name = "callingestImportSchemaInitializer")
      DataSourceScriptDatabaseInitializer callingestImportSchemaInitializer(
          DataSource dataSource, ImportProperties properties) {
        return CallingestSchemas.initializer(
            dataSource,
            properties.jdbc(),
            new CallingestSchemas.Table(
                ImportProperties.PREFIX + ".jdbc",
                null,
                null,
                JdbcImportJournal.EVENT_TABLE,
                CallingestSchemas.IMPORTS,
                String.join(", ", JdbcImportJournal.PLATFORMS),
                "mariadb",
                Map.of()));
      }
    }
  }

  /** Either client's pacing asks for the JDBC store. */
  static final class JdbcPacingWanted extends AnyNestedCondition {
    JdbcPacingWanted() {
      super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnProperty(
        prefix = "callingest.upload.pacing",
        name = "store",
        havingValue = "jdbc")
    static final class Upload {}

    @ConditionalOnProperty(
        prefix = "callingest.partner.pacing",
        name = "store",
        havingValue = "jdbc")
    static final class Partner {}
  }
}
