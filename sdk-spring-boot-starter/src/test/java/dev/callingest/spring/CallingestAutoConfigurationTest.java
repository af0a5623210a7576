package dev.callingest.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.ClientEventListener;
import dev.callingest.ClientOptions;
import dev.callingest.callback.CallbackConsumer;
import dev.callingest.callback.CallbackReceiver;
import dev.callingest.callback.CallbackVerifier;
import dev.callingest.callback.DeliveryStore;
import dev.callingest.callback.InMemoryDeliveryStore;
import dev.callingest.callback.StandardWebhooksVerifier;
import dev.callingest.callback.servlet.CallbackServlet;
import dev.callingest.partner.PartnerClient;
import dev.callingest.upload.UploadClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;

/**
 * Conditions and bindings of the auto-configuration, in contexts without a web server; the real
 * HTTP paths are tested in sdk-examples against the emulator.
 */
class CallingestAutoConfigurationTest {
  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final AutoConfigurations ALL =
      AutoConfigurations.of(
          CallingestMetricsAutoConfiguration.class,
          CallingestClientsAutoConfiguration.class,
          CallingestCallbackAutoConfiguration.class,
          CallingestJdbcAutoConfiguration.class);

  final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(ALL);

  @Test
  void nothingWithoutCredentialsOrCallbackSettings() {
    runner
        .withPropertyValues("callingest.upload.api-key=", "callingest.partner.api-key= ")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(UploadClient.class);
              assertThat(context).doesNotHaveBean(PartnerClient.class);
              assertThat(context).doesNotHaveBean(CallbackReceiver.class);
              assertThat(context).doesNotHaveBean(CallingestMetrics.class);
            });
  }

  @Test
  void propertiesBecomeClientOptionsAndCustomizersRunAfterThem() {
    List<String> customized = new ArrayList<>();
    runner
        .withPropertyValues(
            "callingest.upload.api-key=up-key-123",
            "callingest.upload.base-url=http://127.0.0.1:9",
            "callingest.upload.max-retries=5",
            "callingest.upload.deadline=90s",
            "callingest.upload.read-timeout=7s",
            "callingest.upload.pacing.batches-per-hour=40",
            "callingest.partner.api-key=pk",
            "callingest.partner.api-secret=ps-secret-456",
            "callingest.partner.tenant-id=t1",
            "callingest.partner.sub-tenant-id=s1",
            "callingest.partner.base-url=http://localhost:9/api/v1",
            "callingest.partner.pacing.enabled=true",
            "callingest.partner.pacing.requests-per-window=30")
        .withBean(
            "appInfo",
            ClientOptionsCustomizer.class,
            () ->
                (api, options) -> {
                  customized.add(api.name());
                  options.appInfo("crm-sync/" + api.tagValue());
                })
        .run(
            context -> {
              UploadClient upload = context.getBean(UploadClient.class);
              ClientOptions options = upload.options();
              assertThat(options.baseUrl().toString()).isEqualTo("http://127.0.0.1:9/");
              assertThat(options.maxRetries()).isEqualTo(5);
              assertThat(options.deadline()).contains(Duration.ofSeconds(90));
              assertThat(options.readTimeout()).isEqualTo(Duration.ofSeconds(7));
              assertThat(options.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
              assertThat(options.appInfo()).contains("crm-sync/upload");
              assertThat(upload.pacing().batchesPerHour()).isEqualTo(40);

              PartnerClient partner = context.getBean(PartnerClient.class);
              assertThat(partner.options().baseUrl().toString())
                  .isEqualTo("http://localhost:9/api/v1");
              assertThat(partner.options().appInfo()).contains("crm-sync/partner");
              assertThat(partner.pacing().requestsPerWindow()).isEqualTo(30);
              assertThat(partner.pacing().window()).isEqualTo(Duration.ofMinutes(1));
              assertThat(customized).containsExactlyInAnyOrder("UPLOAD", "PARTNER");

              String described =
                  context.getBean(UploadProperties.class)
                      + " "
                      + context.getBean(PartnerProperties.class)
                      + " "
                      + options
                      + " "
                      + partner;
              assertThat(described).doesNotContain("up-key-123").doesNotContain("ps-secret-456");
              assertThat(described).contains("apiKey=<redacted>");
            });
  }

  @Test
  void webhookSecretsMakeAReceiverWithAnInMemoryStoreThatAUserStoreReplaces() {
    ApplicationContextRunner callbacks =
        runner.withPropertyValues(
            "callingest.callback.webhook-secrets[0]=" + SECRET,
            "callingest.callback.webhook-secrets[1]=whsec_QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB");
    callbacks.run(
        context -> {
          assertThat(context).hasSingleBean(CallbackReceiver.class);
          assertThat(context.getBean(CallbackVerifier.class))
              .isInstanceOf(StandardWebhooksVerifier.class);
          assertThat(context.getBean(DeliveryStore.class))
              .isInstanceOf(InMemoryDeliveryStore.class);
          assertThat(context.getBean(CallbackProperties.class).toString())
              .contains("webhookSecrets=2 redacted")
              .doesNotContain("MfKQ9r8");
          assertThat(context.getBean(CallbackReceiver.class).toString()).doesNotContain("MfKQ9r8");
        });
    DeliveryStore shared = InMemoryDeliveryStore.create(10, java.time.Clock.systemUTC());
    callbacks
        .withBean("sharedStore", DeliveryStore.class, () -> shared)
        .run(
            context -> {
              assertThat(context).getBeans(DeliveryStore.class).hasSize(1);
              assertThat(context.getBean(DeliveryStore.class)).isSameAs(shared);
            });
  }

  @Test
  void aDataSourceMakesTheStoreJdbcSharedByTwoContexts() {
    org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
    h2.setURL("jdbc:h2:mem:starter-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    ApplicationContextRunner callbacks =
        runner
            .withPropertyValues("callingest.callback.webhook-secrets[0]=" + SECRET)
            .withBean(javax.sql.DataSource.class, () -> h2);
    List<DeliveryStore> stores = new ArrayList<>();
    callbacks.run(
        first ->
            callbacks.run(
                second -> {
                  DeliveryStore a = first.getBean(DeliveryStore.class);
                  DeliveryStore b = second.getBean(DeliveryStore.class);
                  assertThat(a).isInstanceOf(dev.callingest.callback.JdbcDeliveryStore.class);
                  // Two application instances on one database: while one holds the lease, the other
                  // cannot.
                  assertThat(a.begin("msg_shared", "node-a", Duration.ofMinutes(1)))
                      .isEqualTo(DeliveryStore.Begin.STARTED);
                  assertThat(b.begin("msg_shared", "node-b", Duration.ofMinutes(1)))
                      .isEqualTo(DeliveryStore.Begin.IN_PROGRESS);
                  stores.add(a);
                }));
    assertThat(stores).hasSize(1);
    callbacks
        .withPropertyValues("callingest.callback.jdbc.enabled=false")
        .run(
            context ->
                assertThat(context.getBean(DeliveryStore.class))
                    .isInstanceOf(InMemoryDeliveryStore.class));
    DeliveryStore mine = InMemoryDeliveryStore.create(10, java.time.Clock.systemUTC());
    callbacks
        .withBean("mine", DeliveryStore.class, () -> mine)
        .run(context -> assertThat(context.getBean(DeliveryStore.class)).isSameAs(mine));
  }

  @Test
  void endpointIsMountedAtThePathInAServletAppWithAConsumerAndMeters() {
    new WebApplicationContextRunner()
        .withConfiguration(ALL)
        .withPropertyValues(
            "callingest.callback.webhook-secrets=" + SECRET,
            "callingest.callback.path=/hooks/analysis")
        .withBean(CallbackConsumer.class, () -> (id, analysis) -> {})
        .withBean(SimpleMeterRegistry.class)
        .run(
            context -> {
              ServletRegistrationBean<?> registration =
                  context.getBean("callingestCallbackServlet", ServletRegistrationBean.class);
              assertThat(registration.getUrlMappings()).containsExactly("/hooks/analysis");
              assertThat(registration.getServlet()).isInstanceOf(CallbackServlet.class);
              assertThat(context).hasSingleBean(CallingestMetrics.class);
            });
    // Without a consumer there is a receiver for your own controller, but no endpoint.
    new WebApplicationContextRunner()
        .withConfiguration(ALL)
        .withPropertyValues("callingest.callback.webhook-secrets=" + SECRET)
        .run(
            context -> {
              assertThat(context).hasSingleBean(CallbackReceiver.class);
              assertThat(context).doesNotHaveBean("callingestCallbackServlet");
            });
  }

  @Test
  void listenerBeansAndTheMetricsBothHearTheClient() {
    List<String> heard = new ArrayList<>();
    runner
        .withPropertyValues(
            "callingest.upload.api-key=k", "callingest.upload.base-url=http://127.0.0.1:9")
        .withBean(SimpleMeterRegistry.class)
        .withBean(
            ClientEventListener.class,
            () ->
                new ClientEventListener() {
                  @Override
                  public void rateLimitWait(String limit, Duration wait) {
                    heard.add(limit);
                  }
                })
        .run(
            context -> {
              ClientEventListener listener =
                  context.getBean(UploadClient.class).options().eventListener();
              listener.rateLimitWait("upload.batches-per-hour", Duration.ofMillis(250));
              assertThat(heard).containsExactly("upload.batches-per-hour");
              SimpleMeterRegistry registry = context.getBean(SimpleMeterRegistry.class);
              assertThat(
                      registry
                          .get("callingest.client.pacing.waits")
                          .tag("api", "upload")
                          .tag("limit", "upload.batches-per-hour")
                          .timer()
                          .totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
                  .isEqualTo(250.0);
            });
  }
}
