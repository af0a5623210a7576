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
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.UnboundElementsSourceFilter;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The callback side: a {@link CallbackVerifier} chosen by {@code callingest.callback.*}, a {@link
 * DeliveryStore}, a {@link CallbackReceiver} and, in a servlet web application with a {@link
 * CallbackConsumer} bean, the endpoint at {@code callingest.callback.path}. Active when callback
 * verification is configured or when you declare a {@code CallbackConsumer} or {@code
 * CallbackVerifier}, unless {@code callingest.callback.enabled=false}. Each bean of yours of the
 * same type replaces the starter's.
 *
 * <p>The delivery store is a {@link JdbcDeliveryStore} on the application's {@link DataSource} when
 * there is a single candidate (so several instances share one memory of handled deliveries),
 * otherwise an {@link InMemoryDeliveryStore}, right for one instance only. {@code
 * callingest.callback.jdbc.enabled=false} keeps the in-memory store even with a data source. Its
 * table is created by Spring Boot's script initialization as {@code
 * callingest.callback.jdbc.initialize-schema} says. Misconfiguration stops startup with a report
 * naming the property ({@link CallingestConfigurationException}).
 */
@AutoConfiguration(
    afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnProperty(prefix = "callingest.callback", name = "enabled", matchIfMissing = true)
@Conditional(CallingestCallbackAutoConfiguration.CallbacksWanted.class)
@EnableConfigurationProperties(CallbackProperties.class)
public class CallingestCallbackAutoConfiguration {
  private static final System.Logger LOG =
      System.getLogger(CallingestCallbackAutoConfiguration.class.getName());
  private static final String VERIFIER = "callingestCallbackVerifier";

  /** Creates the auto-configuration; Spring calls this. */
  public CallingestCallbackAutoConfiguration() {}

  /**
   * Checks the callback properties while the bean factory is prepared, before any bean is made and
   * so before the web server starts: every value (bound once here, with unknown keys refused) and
   * that a verification scheme is set when the starter must make the verifier.
   *
   * @param environment the settings
   * @return the check
   */
  @Bean
  static BeanFactoryPostProcessor callingestCallbackPropertiesCheck(Environment environment) {
    return beanFactory -> {
      CallbackProperties properties =
          Binder.get(environment)
              .bindOrCreate(
                  CallbackProperties.PREFIX,
                  Bindable.of(CallbackProperties.class),
                  // Unknown keys are refused, except from environment variables and system
                  // properties,
                  // as Spring Boot's own binding does (CALLINGEST_CALLBACK_KEY is not a typo).
                  new NoUnboundElementsBindHandler(
                      BindHandler.DEFAULT, new UnboundElementsSourceFilter()));
      if (!properties.hasScheme() && beanFactory.containsBeanDefinition(VERIFIER)) {
        throw noScheme();
      }
    };
  }

  /**
   * The verifier for the configured scheme.
   *
   * @param properties the bound properties
   * @return a Standard Webhooks or capability-URL verifier
   * @throws CallingestConfigurationException when no scheme is configured
   */
  @Bean(VERIFIER)
  @ConditionalOnMissingBean
  public CallbackVerifier callingestCallbackVerifier(CallbackProperties properties) {
    if (!properties.hasScheme()) throw noScheme();
    if (!properties.webhookSecrets().isEmpty()) {
      StandardWebhooksVerifier.Builder verifier =
          StandardWebhooksVerifier.builder().tolerance(properties.webhookTolerance());
      properties.webhookSecrets().forEach(verifier::addSecret);
      return verifier.build();
    }
    CallbackUrlVerifier.Builder verifier = CallbackUrlVerifier.builder().skew(properties.urlSkew());
    for (CallbackProperties.UrlKey key : properties.urlKeys()) {
      verifier.addKey(
          CallbackUrlKey.fromBase64(
              Objects.requireNonNull(key.id()), Objects.requireNonNull(key.secret())));
    }
    return verifier.build();
  }

  private static CallingestConfigurationException noScheme() {
    String prefix = CallbackProperties.PREFIX;
    return new CallingestConfigurationException(
        prefix + ".webhook-secrets",
        "callbacks are wanted (a CallbackConsumer bean or callback properties), but no way to"
            + " verify them is configured",
        "Set "
            + prefix
            + ".webhook-secrets (Standard Webhooks signatures) or "
            + prefix
            + ".url-keys (signed callback URLs), declare a CallbackVerifier bean, or set "
            + prefix
            + ".enabled=false.");
  }

  /**
   * Where handled delivery ids are remembered, when you declare no store of your own and the
   * application has no single {@link DataSource} (or {@code
   * callingest.callback.jdbc.enabled=false}). Several data sources with none {@code @Primary} leave
   * the store in memory, with a warning.
   *
   * @param properties the bound properties
   * @param beans the bean factory, to count data sources
   * @return a new in-memory store
   */
  @Bean
  @ConditionalOnMissingBean
  public DeliveryStore callingestDeliveryStore(
      CallbackProperties properties, ListableBeanFactory beans) {
    int dataSources = beans.getBeanNamesForType(DataSource.class, false, false).length;
    if (dataSources > 1 && properties.jdbc().enabled()) {
      LOG.log(
          System.Logger.Level.WARNING,
          "callingest.callback.jdbc: the application has "
              + dataSources
              + " DataSource beans and"
              + " none is @Primary, so handled callback deliveries are kept in memory, for this"
              + " instance only. Mark the DataSource to use @Primary, declare a DeliveryStore bean,"
              + " or set callingest.callback.jdbc.enabled=false to keep them in memory knowingly.");
    }
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
    return CallbackReceiver.builder()
        .verifier(verifier)
        .deliveryStore(store)
        .deduplicationTtl(properties.deduplicationTtl())
        .maxBodyBytes((int) properties.maxBodySize().toBytes())
        .build();
  }

  /**
   * A {@link JdbcDeliveryStore} on the application's {@link DataSource} when there is exactly one
   * (or one is {@code @Primary}): a delivery is leased by one atomic statement, so receivers on
   * several nodes that share the database run a consumer on one node at a time and answer 2xx only
   * once a consumer finished it. Registered before the in-memory default (member classes are read
   * first), which then stands back.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnSingleCandidate(DataSource.class)
  @ConditionalOnMissingBean(DeliveryStore.class)
  @ConditionalOnProperty(
      prefix = "callingest.callback.jdbc",
      name = "enabled",
      matchIfMissing = true)
  public static class Jdbc {
    /** Creates the configuration; Spring calls this. */
    public Jdbc() {}

    /**
     * The shared store, on table {@code callingest.callback.jdbc.table} (default {@value
     * JdbcDeliveryStore#DEFAULT_TABLE}). Made after the database is initialized (by the starter's
     * schema initializer, Flyway or Liquibase).
     *
     * @param dataSource the application's data source
     * @param properties the bound properties
     * @return the store
     */
    @Bean
    @DependsOnDatabaseInitialization
    public DeliveryStore callingestJdbcDeliveryStore(
        DataSource dataSource, CallbackProperties properties) {
      String table = properties.jdbc().table();
      JdbcDeliveryStore.Builder store = JdbcDeliveryStore.builder(dataSource);
      Checks.setting(
          CallbackProperties.PREFIX + ".jdbc.table",
          Checks.fix(CallbackProperties.PREFIX + ".jdbc.table"),
          () -> store.tableName(table));
      return store.build();
    }

    /** The table's creation, when Spring Boot's JDBC support is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(
        name = "org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer")
    static class Schema {
      /**
       * Applies {@code callingest.callback.jdbc.schema} as {@code
       * callingest.callback.jdbc.initialize-schema} says (default: on an embedded database only).
       */
      @Bean
      @ConditionalOnMissingBean(name = "callingestCallbackSchemaInitializer")
      DataSourceScriptDatabaseInitializer callingestCallbackSchemaInitializer(
          DataSource dataSource, CallbackProperties properties) {
        return CallingestSchemas.initializer(
            dataSource,
            properties.jdbc(),
            CallbackProperties.PREFIX + ".jdbc",
            properties.jdbc().table(),
            JdbcDeliveryStore.DEFAULT_TABLE,
            CallingestSchemas.CALLBACK);
      }
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
      List<CallbackServlet.OutcomeListener> all = listeners.orderedStream().toList();
      CallbackServlet servlet =
          new CallbackServlet(
              receiver, consumer, outcome -> all.forEach(listener -> listener.onOutcome(outcome)));
      ServletRegistrationBean<CallbackServlet> registration =
          new ServletRegistrationBean<>(servlet, path);
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
