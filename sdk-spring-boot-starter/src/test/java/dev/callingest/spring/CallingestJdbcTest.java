package dev.callingest.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.callback.DeliveryStore;
import dev.callingest.callback.InMemoryDeliveryStore;
import dev.callingest.callback.JdbcDeliveryStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The delivery store's DataSource choice and its table's creation through Spring Boot's script
 * initialization, on H2 (embedded for Boot) and on a real PostgreSQL server (not embedded for Boot,
 * although started by the test).
 */
class CallingestJdbcTest {
  static final AtomicInteger DATABASES = new AtomicInteger();
  static EmbeddedPostgres postgres;

  final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(CallingestAutoConfigurationTest.ALL)
          .withPropertyValues(
              "callingest.callback.webhook-secrets[0]=" + CallingestAutoConfigurationTest.SECRET);

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) postgres.close();
  }

  static DataSource h2() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:spring-" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
    return h2;
  }

  static DataSource freshPostgres() throws SQLException {
    String name = "callingest_" + DATABASES.incrementAndGet();
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    return postgres.getDatabase("postgres", name);
  }

  static boolean hasTable(DataSource dataSource, String table) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        ResultSet tables =
            connection.getMetaData().getTables(null, null, null, new String[] {"TABLE"})) {
      while (tables.next()) {
        if (tables.getString("TABLE_NAME").equalsIgnoreCase(table)) return true;
      }
      return false;
    }
  }

  /**
   * Whether the store lets this caller take the delivery, the first time only: proof that the store
   * works on the table the scripts created. The one place that speaks the DeliveryStore SPI.
   */
  static boolean firstTake(DeliveryStore store, String deliveryId) {
    return store.begin(deliveryId, UUID.randomUUID().toString(), Duration.ofMinutes(1))
        == DeliveryStore.Begin.STARTED;
  }

  @Test
  void embeddedModeByDefaultCreatesTheTableOnH2AndTheStoreWorks() throws Exception {
    DataSource h2 = h2();
    runner
        .withBean(DataSource.class, () -> h2)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(hasTable(h2, "callback_delivery")).isTrue();
              DeliveryStore store = context.getBean(DeliveryStore.class);
              assertThat(store).isInstanceOf(JdbcDeliveryStore.class);
              assertThat(firstTake(store, "msg_1")).isTrue();
              assertThat(firstTake(store, "msg_1")).isFalse();
            });
  }

  @Test
  void neverModeLeavesH2Alone() throws Exception {
    DataSource h2 = h2();
    runner
        .withBean(DataSource.class, () -> h2)
        .withPropertyValues("callingest.callback.jdbc.initialize-schema=never")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(hasTable(h2, "callback_delivery")).isFalse();
            });
  }

  @Test
  void embeddedModeDoesNotTouchPostgresButAlwaysDoes() throws Exception {
    DataSource untouched = freshPostgres();
    runner
        .withBean(DataSource.class, () -> untouched)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(DeliveryStore.class))
                  .isInstanceOf(JdbcDeliveryStore.class);
              assertThat(hasTable(untouched, "callback_delivery")).isFalse();
            });

    DataSource created = freshPostgres();
    ApplicationContextRunner always =
        runner
            .withBean(DataSource.class, () -> created)
            .withPropertyValues("callingest.callback.jdbc.initialize-schema=always");
    always.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(hasTable(created, "callback_delivery")).isTrue();
          DeliveryStore store = context.getBean(DeliveryStore.class);
          assertThat(firstTake(store, "msg_pg")).isTrue();
        });
    // A second start on the same database (the table exists) starts too.
    always.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(firstTake(context.getBean(DeliveryStore.class), "msg_pg")).isFalse();
        });

    DataSource never = freshPostgres();
    runner
        .withBean(DataSource.class, () -> never)
        .withPropertyValues("callingest.callback.jdbc.initialize-schema=never")
        .run(context -> assertThat(hasTable(never, "callback_delivery")).isFalse());
  }

  @Test
  void aCustomTableNameWithTheDefaultScriptsIsReported() {
    DataSource h2 = h2();
    runner
        .withBean(DataSource.class, () -> h2)
        .withPropertyValues("callingest.callback.jdbc.table=crm_callbacks")
        .run(
            context -> {
              assertThat(CallingestFailureAnalysisTest.analysis(context).getDescription())
                  .isEqualTo(
                      "The callingest property 'callingest.callback.jdbc.table' is not usable: it names the"
                          + " table crm_callbacks, but the default schema scripts create callback_delivery.");
            });
    // With initialization off, the table is the user's business.
    runner
        .withBean(DataSource.class, () -> h2)
        .withPropertyValues(
            "callingest.callback.jdbc.table=crm_callbacks",
            "callingest.callback.jdbc.initialize-schema=never")
        .run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void aPlatformWithoutScriptsIsReportedWhenInitializationWouldRun() {
    runner
        .withBean(DataSource.class, CallingestJdbcTest::h2)
        .withPropertyValues("callingest.callback.jdbc.platform=db2")
        .run(
            context ->
                assertThat(CallingestFailureAnalysisTest.analysis(context).getDescription())
                    .isEqualTo(
                        "The callingest property 'callingest.callback.jdbc.schema' is not usable:"
                            + " there is no schema script at"
                            + " classpath:dev/callingest/callback/schema-db2.sql for this"
                            + " database."));
  }

  @Test
  void twoDataSourcesUseThePrimary() throws Exception {
    DataSource primary = h2();
    DataSource other = h2();
    runner
        .withBean("primary", DataSource.class, () -> primary, bean -> bean.setPrimary(true))
        .withBean("other", DataSource.class, () -> other)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(DeliveryStore.class))
                  .isInstanceOf(JdbcDeliveryStore.class);
              assertThat(hasTable(primary, "callback_delivery")).isTrue();
              assertThat(hasTable(other, "callback_delivery")).isFalse();
            });
  }

  @Test
  void twoDataSourcesWithoutAPrimaryBackOffToMemoryWithAReport() throws Exception {
    DataSource first = h2();
    DataSource second = h2();
    runner
        .withBean("first", DataSource.class, () -> first)
        .withBean("second", DataSource.class, () -> second)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(DeliveryStore.class))
                  .isInstanceOf(InMemoryDeliveryStore.class);
              assertThat(hasTable(first, "callback_delivery")).isFalse();
              assertThat(hasTable(second, "callback_delivery")).isFalse();
              ConditionEvaluationReport report =
                  ConditionEvaluationReport.get(context.getBeanFactory());
              ConditionEvaluationReport.ConditionAndOutcomes jdbc =
                  report
                      .getConditionAndOutcomesBySource()
                      .get(CallingestCallbackAutoConfiguration.Jdbc.class.getName());
              assertThat(jdbc.isFullMatch()).isFalse();
              assertThat(
                      jdbc.stream()
                          .map(c -> c.getOutcome())
                          .filter(o -> !o.isMatch())
                          .map(ConditionOutcome::getMessage))
                  .singleElement()
                  .asString()
                  .contains("DataSource")
                  .contains("first")
                  .contains("second");
            });
  }
}
