package dev.callingest.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callingest.RateLimitedException;
import dev.callingest.bulk.ImportReport;
import dev.callingest.bulk.JdbcImportJournal;
import dev.callingest.bulk.OutcomeKind;
import dev.callingest.pacing.JdbcPacingStore;
import dev.callingest.pacing.PacingStore;
import dev.callingest.partner.PartnerClient;
import dev.callingest.upload.UploadBatch;
import dev.callingest.upload.UploadCall;
import dev.callingest.upload.UploadClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import javax.sql.DataSource;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The shared pacing store and the import journals in the application's DataSource: clients of two
 * application contexts on one database (H2, and a real PostgreSQL server) share one account's
 * limits; the tables are created as initialize-schema says; an import resumes from the journal a
 * previous context wrote; and each misconfiguration stops startup with a report naming the
 * property.
 */
class CallingestJdbcStoresTest {
  static EmbeddedPostgres postgres;

  final MockWebServer server = new MockWebServer();

  final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  CallingestClientsAutoConfiguration.class, CallingestJdbcAutoConfiguration.class));

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) postgres.close();
  }

  static DataSource freshPostgres() throws SQLException {
    String name = "callingest_stores_" + CallingestJdbcTest.DATABASES.incrementAndGet();
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    return postgres.getDatabase("postgres", name);
  }

  @BeforeEach
  void startServer() throws Exception {
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  ApplicationContextRunner upload(String... more) {
    return runner
        .withPropertyValues(
            "callingest.upload.api-key=k",
            "callingest.upload.base-url=" + server.url("/"),
            "callingest.upload.max-retries=0")
        .withPropertyValues(more);
  }

  static MockResponse accepted(String batchId, int calls) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json")
        .body(
            "{\"success\":true,\"batch_id\":\""
                + batchId
                + "\",\"calls_submitted\":"
                + calls
                + ",\"status\":\"submitted\"}")
        .build();
  }

  static UploadCall call(String id) {
    return UploadCall.builder()
        .externalId(id)
        .audioUrl("s3://b/" + id + ".mp3")
        .userEmail("rep@example.com")
        .callDate(Instant.parse("2026-12-01T09:00:00Z"))
        .build();
  }

  static UploadBatch batch(String id) {
    return UploadBatch.builder().addCalls(call(id)).build();
  }

  static int rows(DataSource dataSource, String sql, String value) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(sql)) {
      query.setString(1, value);
      try (ResultSet rs = query.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /**
   * One batch an hour for the account: a submission from the first context fills the window, so the
   * second context's client, on the same database and account key, refuses to send (client-side,
   * the server sees one request); a third with another account key sends.
   */
  void twoContextsShareOneAccount(DataSource dataSource, String... more) throws Exception {
    server.enqueue(accepted("batch_1", 1));
    server.enqueue(accepted("batch_2", 1));
    ApplicationContextRunner shared =
        upload(
                "callingest.upload.pacing.store=jdbc",
                "callingest.upload.pacing.batches-per-hour=1",
                "callingest.upload.pacing.account-key=acme-prod")
            .withPropertyValues(more)
            .withBean(DataSource.class, () -> dataSource);
    shared.run(
        first -> {
          assertThat(first).hasNotFailed();
          UploadClient client = first.getBean(UploadClient.class);
          PacingStore store = first.getBean(PacingStore.class);
          assertThat(store).isInstanceOf(JdbcPacingStore.class);
          assertThat(client.pacing().store()).containsSame(store);
          assertThat(client.pacing().accountKey()).contains("acme-prod");
          assertThat(client.submit(batch("call_1")).batchId()).isEqualTo("batch_1");

          shared.run(
              second -> {
                assertThat(second).hasNotFailed();
                UploadClient other = second.getBean(UploadClient.class);
                assertThatThrownBy(() -> other.submit(batch("call_2")))
                    .isInstanceOf(RateLimitedException.class);
              });
        });
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(
            rows(
                dataSource,
                "SELECT COUNT(*) FROM callingest_pacing_account WHERE account = ?",
                "upload:acme-prod"))
        .isEqualTo(1);

    shared
        .withPropertyValues("callingest.upload.pacing.account-key=acme-staging")
        .run(
            third ->
                assertThat(third.getBean(UploadClient.class).submit(batch("call_3")).batchId())
                    .isEqualTo("batch_2"));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void twoContextsOnOneH2DatabaseShareTheAccountsLimits() throws Exception {
    DataSource h2 = CallingestJdbcTest.h2();
    twoContextsShareOneAccount(h2);
    assertThat(CallingestJdbcTest.hasTable(h2, "callingest_pacing_entry")).isTrue();
  }

  @Test
  void twoContextsOnOnePostgresDatabaseShareTheAccountsLimits() throws Exception {
    DataSource pg = freshPostgres();
    twoContextsShareOneAccount(pg, "callingest.pacing.jdbc.initialize-schema=always");
    assertThat(CallingestJdbcTest.hasTable(pg, "callingest_pacing_slot")).isTrue();
  }

  @Test
  void withoutTheStorePropertyPacingStaysInMemoryAndNoTableIsMade() throws Exception {
    DataSource h2 = CallingestJdbcTest.h2();
    upload()
        .withBean(DataSource.class, () -> h2)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(PacingStore.class);
              assertThat(context).doesNotHaveBean(CallingestImportJournals.class);
              assertThat(context.getBean(UploadClient.class).pacing().store()).isEmpty();
            });
    assertThat(CallingestJdbcTest.hasTable(h2, "callingest_pacing_account")).isFalse();
    assertThat(CallingestJdbcTest.hasTable(h2, JdbcImportJournal.EVENT_TABLE)).isFalse();
  }

  @Test
  void pacingSchemaModesAndTablePrefix() throws Exception {
    DataSource never = CallingestJdbcTest.h2();
    upload("callingest.upload.pacing.store=jdbc", "callingest.pacing.jdbc.initialize-schema=never")
        .withBean(DataSource.class, () -> never)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(JdbcPacingStore.class);
            });
    assertThat(CallingestJdbcTest.hasTable(never, "callingest_pacing_account")).isFalse();

    // The prefix goes into the script, and the store uses the tables it made.
    DataSource prefixed = CallingestJdbcTest.h2();
    server.enqueue(accepted("batch_p", 1));
    upload("callingest.upload.pacing.store=jdbc", "callingest.pacing.jdbc.table-prefix=crm_pace")
        .withBean(DataSource.class, () -> prefixed)
        .run(context -> context.getBean(UploadClient.class).submit(batch("call_p")));
    assertThat(CallingestJdbcTest.hasTable(prefixed, "crm_pace_account")).isTrue();
    assertThat(CallingestJdbcTest.hasTable(prefixed, "callingest_pacing_account")).isFalse();
    assertThat(
            rows(
                prefixed,
                "SELECT COUNT(*) FROM crm_pace_entry WHERE account = ?",
                "upload:default"))
        .isEqualTo(1);

    // PostgreSQL is not embedded for Boot: the default mode leaves it to Flyway or a DBA.
    DataSource pg = freshPostgres();
    upload("callingest.upload.pacing.store=jdbc")
        .withBean(DataSource.class, () -> pg)
        .run(context -> assertThat(context).hasNotFailed());
    assertThat(CallingestJdbcTest.hasTable(pg, "callingest_pacing_account")).isFalse();
  }

  @Test
  void partnerSharesTheSameStoreUnderItsTenantByDefault() throws Exception {
    DataSource h2 = CallingestJdbcTest.h2();
    ApplicationContextRunner partner =
        runner
            .withBean(DataSource.class, () -> h2)
            .withPropertyValues(
                "callingest.partner.api-key=k",
                "callingest.partner.api-secret=s",
                "callingest.partner.tenant-id=tenant_7",
                "callingest.partner.sub-tenant-id=sub_1",
                "callingest.partner.pacing.enabled=true",
                "callingest.partner.pacing.requests-per-window=5",
                "callingest.partner.pacing.store=jdbc");
    partner.run(
        context -> {
          assertThat(context).hasNotFailed();
          PartnerClient client = context.getBean(PartnerClient.class);
          assertThat(client.pacing().store()).containsSame(context.getBean(PacingStore.class));
          assertThat(client.pacing().accountKey()).contains("tenant_7");
        });
    partner
        .withPropertyValues("callingest.partner.pacing.account-key=acme-eu")
        .run(
            context ->
                assertThat(context.getBean(PartnerClient.class).pacing().accountKey())
                    .contains("acme-eu"));
    assertThat(CallingestJdbcTest.hasTable(h2, "callingest_pacing_account")).isTrue();
  }

  @Test
  void anImportResumesFromTheJournalAnEarlierContextWrote() throws Exception {
    DataSource h2 = CallingestJdbcTest.h2();
    server.enqueue(accepted("batch_1", 3));
    ApplicationContextRunner app =
        upload("callingest.imports.jdbc.enabled=true").withBean(DataSource.class, () -> h2);
    app.run(
        context -> {
          assertThat(context).hasNotFailed();
          ImportReport report =
              importThree(
                  context.getBean(UploadClient.class),
                  context.getBean(CallingestImportJournals.class));
          assertThat(report.accepted()).isEqualTo(3);
        });
    assertThat(CallingestJdbcTest.hasTable(h2, JdbcImportJournal.EVENT_TABLE)).isTrue();
    assertThat(CallingestJdbcTest.hasTable(h2, JdbcImportJournal.LEASE_TABLE)).isTrue();

    app.run(
        context -> {
          ImportReport report =
              importThree(
                  context.getBean(UploadClient.class),
                  context.getBean(CallingestImportJournals.class));
          assertThat(report.count(OutcomeKind.SKIPPED)).isEqualTo(3);
          assertThat(report.accepted()).isZero();
        });
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  static ImportReport importThree(UploadClient client, CallingestImportJournals journals) {
    return client
        .importer()
        .journal(journals.journal("crm-2026-12"))
        .batchSize(3)
        .concurrency(1)
        .waitForProcessing(false)
        .sleeper(delay -> {})
        .build()
        .run(java.util.stream.Stream.of(call("c1"), call("c2"), call("c3")));
  }

  @Test
  void importSchemaModesOnPostgres() throws Exception {
    DataSource untouched = freshPostgres();
    runner
        .withPropertyValues("callingest.imports.jdbc.enabled=true")
        .withBean(DataSource.class, () -> untouched)
        .run(context -> assertThat(context).hasSingleBean(CallingestImportJournals.class));
    assertThat(CallingestJdbcTest.hasTable(untouched, JdbcImportJournal.EVENT_TABLE)).isFalse();

    DataSource created = freshPostgres();
    ApplicationContextRunner always =
        runner
            .withBean(DataSource.class, () -> created)
            .withPropertyValues(
                "callingest.imports.jdbc.enabled=true",
                "callingest.imports.jdbc.initialize-schema=always");
    always.run(context -> assertThat(context).hasNotFailed());
    // Again on the same database, the tables being there.
    always.run(context -> assertThat(context).hasNotFailed());
    assertThat(CallingestJdbcTest.hasTable(created, JdbcImportJournal.EVENT_TABLE)).isTrue();
    assertThat(CallingestJdbcTest.hasTable(created, JdbcImportJournal.LEASE_TABLE)).isTrue();
  }

  @Test
  void theStoreWithoutADataSourceIsReported() {
    upload("callingest.upload.pacing.store=jdbc")
        .run(
            context ->
                assertThat(CallingestFailureAnalysisTest.analysis(context))
                    .satisfies(
                        analysis -> {
                          assertThat(analysis.getDescription())
                              .isEqualTo(
                                  "The callingest property"
                                      + " 'callingest.upload.pacing.store' is not usable: it asks for the shared pacing"
                                      + " store in the application's DataSource, and there is none.");
                          assertThat(analysis.getAction())
                              .isEqualTo(
                                  "Add a DataSource (spring-boot-starter-jdbc"
                                      + " and spring.datasource.url), or set callingest.upload.pacing.store=memory.");
                        }));
  }

  @Test
  void theStoreWithTwoDataSourcesAndNoPrimaryIsReported() {
    runner
        .withPropertyValues("callingest.partner.pacing.store=jdbc")
        .withBean("first", DataSource.class, CallingestJdbcTest::h2)
        .withBean("second", DataSource.class, CallingestJdbcTest::h2)
        .run(
            context ->
                assertThat(CallingestFailureAnalysisTest.analysis(context))
                    .satisfies(
                        analysis -> {
                          assertThat(analysis.getDescription())
                              .isEqualTo(
                                  "The callingest property"
                                      + " 'callingest.partner.pacing.store' is not usable: it asks for the shared"
                                      + " pacing store in the application's DataSource, and there are 2 DataSource"
                                      + " beans with none marked @Primary.");
                          assertThat(analysis.getAction())
                              .isEqualTo(
                                  "Mark the DataSource to use @Primary,"
                                      + " or set callingest.partner.pacing.store=memory.");
                        }));
  }

  @Test
  void twoDataSourcesUseThePrimary() throws Exception {
    DataSource primary = CallingestJdbcTest.h2();
    DataSource other = CallingestJdbcTest.h2();
    upload("callingest.upload.pacing.store=jdbc", "callingest.imports.jdbc.enabled=true")
        .withBean("primary", DataSource.class, () -> primary, bean -> bean.setPrimary(true))
        .withBean("other", DataSource.class, () -> other)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(CallingestImportJournals.class).dataSource())
                  .isSameAs(primary);
            });
    assertThat(CallingestJdbcTest.hasTable(primary, "callingest_pacing_account")).isTrue();
    assertThat(CallingestJdbcTest.hasTable(primary, JdbcImportJournal.EVENT_TABLE)).isTrue();
    assertThat(CallingestJdbcTest.hasTable(other, "callingest_pacing_account")).isFalse();
  }

  @Test
  void theJournalsWithoutADataSourceAreReported() {
    runner
        .withPropertyValues("callingest.imports.jdbc.enabled=true")
        .run(
            context ->
                assertThat(CallingestFailureAnalysisTest.analysis(context))
                    .satisfies(
                        analysis -> {
                          assertThat(analysis.getDescription())
                              .isEqualTo(
                                  "The callingest property"
                                      + " 'callingest.imports.jdbc.enabled' is not usable: it asks for database journals"
                                      + " for imports in the application's DataSource, and there is none.");
                          assertThat(analysis.getAction())
                              .isEqualTo(
                                  "Add a DataSource (spring-boot-starter-jdbc"
                                      + " and spring.datasource.url), or remove callingest.imports.jdbc.enabled and"
                                      + " journal imports to files.");
                        }));
  }

  @Test
  void theStoreWithPacingOffIsReported() {
    runner
        .withBean(DataSource.class, CallingestJdbcTest::h2)
        .withPropertyValues(
            "callingest.partner.api-key=k",
            "callingest.partner.api-secret=s",
            "callingest.partner.tenant-id=t",
            "callingest.partner.sub-tenant-id=u",
            "callingest.partner.pacing.store=jdbc")
        .run(
            context ->
                assertThat(CallingestFailureAnalysisTest.analysis(context).getDescription())
                    .isEqualTo(
                        "The callingest property"
                            + " 'callingest.partner.pacing.store' is not usable: it is jdbc while"
                            + " callingest.partner.pacing.enabled is false, so there is no pacing to share."));
  }

  @Test
  void aBadTablePrefixOrAccountKeyIsReported() {
    upload("callingest.upload.pacing.store=jdbc", "callingest.pacing.jdbc.table-prefix=Crm-Pace")
        .withBean(DataSource.class, CallingestJdbcTest::h2)
        .run(
            context ->
                assertThat(CallingestFailureAnalysisTest.analysis(context).getDescription())
                    .startsWith(
                        "The callingest property"
                            + " 'callingest.pacing.jdbc.table-prefix' is not usable:"));
    upload("callingest.upload.pacing.store=jdbc", "callingest.upload.pacing.account-key= ")
        .withBean(DataSource.class, CallingestJdbcTest::h2)
        .run(
            context ->
                assertThat(CallingestFailureAnalysisTest.analysis(context).getDescription())
                    .startsWith(
                        "The callingest property"
                            + " 'callingest.upload.pacing.account-key' is not usable:"));
  }

  @Test
  void theNewPrefixesAreKnownAndTheirTyposRefused() {
    runner
        .withPropertyValues(
            "callingest.pacing.jdbc.table-prefix=x", "callingest.imports.jdbc.enabled=false")
        .run(context -> assertThat(context).hasNotFailed());
    runner
        .withPropertyValues("callingest.pacing.jdbc.tabel-prefix=x")
        .run(context -> assertThat(context).hasFailed());
  }
}
