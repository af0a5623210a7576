package dev.callingest.spring;

import dev.callingest.callback.CallbackConsumer;
import dev.callingest.callback.CallbackReceiver;
import dev.callingest.callback.CallbackUrlKey;
import dev.callingest.callback.CallbackUrlVerifier;
import dev.callingest.callback.CallbackVerifier;
import dev.callingest.callback.DeliveryStore;
import dev.callingest.callback.InMemoryDeliveryStore;
import dev.callingest.callback.JdbcDeliveryStore;
import dev.callingest.callback.StandardWebhooksVerifier;
import dev.callingest.callback.servlet.CallbackServlet;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The callback side: a {@link CallbackVerifier} chosen by {@code callingest.callback.*}, a {@link
 * DeliveryStore}, a {@link CallbackReceiver} and, in a servlet web application with a {@link
 * CallbackConsumer} bean, the endpoint at {@code callingest.callback.path}. Active when callback
 * verification is configured or when you declare a {@code CallbackConsumer} or {@code
 * CallbackVerifier}, unless {@code callingest.callback.enabled=false}. Each bean of yours of the
 * same type replaces the starter's.
 *
 * <p>The delivery store is a {@link JdbcDeliveryStore} on the application's {@link DataSource} when
 * there is one (so several instances share one memory of handled deliveries), otherwise an {@link
 * InMemoryDeliveryStore}, right for one instance only. {@code callingest.callback.jdbc.enabled=false}
 * keeps the in-memory store even with a data source.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnProperty(prefix = "callingest.callback", name = "enabled", matchIfMissing = true)
@Conditional(CallingestCallbackAutoConfiguration.CallbacksWanted.class)
@EnableConfigurationProperties(CallbackProperties.class)
public class CallingestCallbackAutoConfiguration {
  /** Creates the auto-configuration; Spring calls this. */
  public CallingestCallbackAutoConfiguration() {}

  /**
   * The verifier for the configured scheme.
   *
   * @param properties the bound properties
   * @return a Standard Webhooks or capability-URL verifier
   * @throws IllegalStateException when no scheme, or both, are configured
   */
  @Bean
  @ConditionalOnMissingBean
  public CallbackVerifier callingestCallbackVerifier(CallbackProperties properties) {
    boolean webhooks = !properties.webhookSecrets().isEmpty();
    boolean urls = !properties.urlKeys().isEmpty();
    if (webhooks == urls) {
      throw new IllegalStateException(webhooks
          ? "callingest.callback: set either webhook-secrets or url-keys, not both"
          : "callingest.callback: callbacks need a verification scheme; set"
              + " callingest.callback.webhook-secrets (Standard Webhooks) or"
              + " callingest.callback.url-keys (signed callback URLs), declare a CallbackVerifier"
              + " bean, or set callingest.callback.enabled=false");
    }
    if (webhooks) {
      StandardWebhooksVerifier.Builder verifier =
          StandardWebhooksVerifier.builder().tolerance(properties.webhookTolerance());
      for (int i = 0; i < properties.webhookSecrets().size(); i++) {
        try {
          verifier.addSecret(properties.webhookSecrets().get(i));
        } catch (IllegalArgumentException e) {
          // The SDK's message names the rule, never the secret; say which entry broke it.
          throw new IllegalStateException(
              "callingest.callback.webhook-secrets[" + i + "]: " + e.getMessage(), e);
        }
      }
      return verifier.build();
    }
    CallbackUrlVerifier.Builder verifier = CallbackUrlVerifier.builder().skew(properties.urlSkew());
    for (int i = 0; i < properties.urlKeys().size(); i++) {
      CallbackProperties.UrlKey key = properties.urlKeys().get(i);
      try {
        verifier.addKey(CallbackUrlKey.fromBase64(key.id(), key.secret()));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new IllegalStateException(
            "callingest.callback.url-keys[" + i + "]: " + e.getMessage(), e);
      }
    }
    return verifier.build();
  }

  /**
   * Where handled delivery ids are remembered, when you declare no store of your own and the
   * application has no {@link DataSource}.
   *
   * @return a new in-memory store
   */
  @Bean
  @ConditionalOnMissingBean
  public DeliveryStore callingestDeliveryStore() {
    return InMemoryDeliveryStore.create();
  }

  /**
   * The receiver: verifies, parses and de-duplicates callbacks.
   *
   * @param properties the bound properties
   * @param verifier the verifier
   * @param store the delivery store
   * @return the receiver
   */
  @Bean
  @ConditionalOnMissingBean
  public CallbackReceiver callingestCallbackReceiver(
      CallbackProperties properties, CallbackVerifier verifier, DeliveryStore store) {
    long maxBody = properties.maxBodySize().toBytes();
    if (maxBody < 1 || maxBody > Integer.MAX_VALUE) {
      throw new IllegalStateException("callingest.callback.max-body-size must be from 1B to 64MB");
    }
    return CallbackReceiver.builder()
        .verifier(verifier)
        .deliveryStore(store)
        .deduplicationTtl(properties.deduplicationTtl())
        .maxBodyBytes((int) maxBody)
        .build();
  }

  /**
   * A {@link JdbcDeliveryStore} when the application has a {@link DataSource}: a delivery is leased
   * by one atomic statement, so receivers on several nodes that share the database run a consumer
   * on one node at a time and answer 2xx only once a consumer finished it.
   * Registered before the in-memory default (member classes are read first), which then stands back.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnBean(DataSource.class)
  @ConditionalOnProperty(prefix = "callingest.callback.jdbc", name = "enabled", matchIfMissing = true)
  public static class Jdbc {
    /** Creates the configuration; Spring calls this. */
    public Jdbc() {}

    /**
     * The shared store, on table {@code callingest.callback.jdbc.table} (default {@value
     * JdbcDeliveryStore#DEFAULT_TABLE}), created at startup unless {@code
     * callingest.callback.jdbc.create-table=false}.
     *
     * @param dataSource the application's data source
     * @param environment the settings
     * @return the store
     */
    @Bean
    @ConditionalOnMissingBean(DeliveryStore.class)
    public DeliveryStore callingestJdbcDeliveryStore(
        DataSource dataSource, org.springframework.core.env.Environment environment) {
      JdbcDeliveryStore store = JdbcDeliveryStore.builder(dataSource)
          .tableName(environment.getProperty(
              "callingest.callback.jdbc.table", JdbcDeliveryStore.DEFAULT_TABLE))
          .build();
      if (environment.getProperty("callingest.callback.jdbc.create-table", Boolean.class, true)) {
        store.createTableIfNotExists();
      }
      return store;
    }
  }

  /** The endpoint, in a servlet web application whose context holds a {@link CallbackConsumer}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(name = "jakarta.servlet.http.HttpServlet")
  @ConditionalOnBean(CallbackConsumer.class)
  public static class Endpoint {
    /** Creates the configuration; Spring calls this. */
    public Endpoint() {}

    /**
     * Mounts {@link CallbackServlet} at {@code callingest.callback.path}.
     *
     * @param properties the bound properties
     * @param receiver the receiver
     * @param consumer your handling of each new, authentic callback
     * @param listeners hear each outcome, such as {@link CallingestMetrics}
     * @return the servlet's registration
     */
    @Bean
    @ConditionalOnMissingBean(name = "callingestCallbackServlet")
    public ServletRegistrationBean<CallbackServlet> callingestCallbackServlet(
        CallbackProperties properties,
        CallbackReceiver receiver,
        CallbackConsumer consumer,
        ObjectProvider<CallbackServlet.OutcomeListener> listeners) {
      String path = properties.path();
      if (path == null || !path.startsWith("/")) {
        throw new IllegalStateException("callingest.callback.path must start with /: " + path);
      }
      List<CallbackServlet.OutcomeListener> all = listeners.orderedStream().toList();
      CallbackServlet servlet = new CallbackServlet(receiver, consumer,
          outcome -> all.forEach(listener -> listener.onOutcome(outcome)));
      ServletRegistrationBean<CallbackServlet> registration = new ServletRegistrationBean<>(servlet, path);
      registration.setName("callingestCallbackServlet");
      return registration;
    }
  }

  /** Callbacks are configured by properties, or wanted by a consumer or verifier bean of yours. */
  static final class CallbacksWanted extends AnyNestedCondition {
    CallbacksWanted() {
      super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnProperty(prefix = "callingest.callback", name = "webhook-secrets")
    static final class WebhookSecrets {}

    @ConditionalOnProperty(prefix = "callingest.callback", name = "webhook-secrets[0]")
    static final class IndexedWebhookSecrets {}

    @ConditionalOnProperty(prefix = "callingest.callback", name = "url-keys[0].id")
    static final class UrlKeys {}

    @ConditionalOnBean(CallbackConsumer.class)
    static final class Consumer {}

    @ConditionalOnBean(CallbackVerifier.class)
    static final class Verifier {}
  }
}
