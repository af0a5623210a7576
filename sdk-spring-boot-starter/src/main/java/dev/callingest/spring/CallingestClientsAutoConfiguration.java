package dev.callingest.spring;

import dev.callingest.ClientEventListener;
import dev.callingest.ClientOptions;
import dev.callingest.pacing.PacingStore;
import dev.callingest.partner.PartnerClient;
import dev.callingest.partner.PartnerCredentials;
import dev.callingest.upload.UploadClient;
import dev.callingest.upload.UploadCredentials;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

/**
 * The {@link UploadClient} and {@link PartnerClient} beans, each created only when its API key is
 * set (not blank) and closed with the application context. Your own bean of either type replaces
 * it.
 *
 * <p>Options are built from the properties, then every {@link ClientOptionsCustomizer} runs. The
 * event listener combines your {@link ClientEventListener} beans and the listener each {@link
 * ClientEventListenerFactory} (such as {@link CallingestMetrics}) makes for the API. With {@code
 * callingest.<api>.pacing.store=jdbc} the client's pacing is shared through the {@link PacingStore}
 * bean ({@link CallingestJdbcAutoConfiguration}) under {@code callingest.<api>.pacing.account-key}.
 */
@AutoConfiguration
@EnableConfigurationProperties({UploadProperties.class, PartnerProperties.class})
public class CallingestClientsAutoConfiguration {
  /** Creates the auto-configuration; Spring calls this. */
  public CallingestClientsAutoConfiguration() {}

  /**
   * Refuses, before any bean is made, a {@code callingest.*} key under a prefix that no properties
   * record binds (a typo such as {@code callingest.uplaod.api-key}).
   *
   * @param environment the settings
   * @return the check
   */
  @Bean
  static BeanFactoryPostProcessor callingestPrefixCheck(Environment environment) {
    return beanFactory -> KnownPrefixes.check(environment);
  }

  /**
   * The Upload API client, from {@code callingest.upload.*}.
   *
   * @param properties the bound properties
   * @param customizers your customizers, in order
   * @param listeners your event listeners
   * @param factories per-API listener factories, such as the metrics
   * @param stores the shared pacing store, used when {@code callingest.upload.pacing.store=jdbc}
   * @return the client; the context closes it
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @Conditional(OnApiKeyCondition.Upload.class)
  public UploadClient callingestUploadClient(
      UploadProperties properties,
      ObjectProvider<ClientOptionsCustomizer> customizers,
      ObjectProvider<ClientEventListener> listeners,
      ObjectProvider<ClientEventListenerFactory> factories,
      ObjectProvider<PacingStore> stores) {
    String key = required(properties.apiKey(), UploadProperties.PREFIX + ".api-key", "the API key");
    ClientOptions.Builder options =
        properties.toOptions(
            UploadProperties.PREFIX,
            Checks.value(
                UploadProperties.PREFIX + ".api-key",
                "Set callingest.upload.api-key to the key the Upload API issued you.",
                () -> UploadCredentials.of(key)));
    finish(CallingestApi.UPLOAD, options, customizers, listeners, factories);
    return UploadClient.builder()
        .options(options.build())
        .pacing(
            properties
                .pacing()
                .toPacing(
                    shared(
                        UploadProperties.PREFIX,
                        properties.pacing().store(),
                        properties.pacing().enabled(),
                        stores)))
        .build();
  }

  /**
   * The Partner API client, from {@code callingest.partner.*}.
   *
   * @param properties the bound properties
   * @param customizers your customizers, in order
   * @param listeners your event listeners
   * @param factories per-API listener factories, such as the metrics
   * @param stores the shared pacing store, used when {@code callingest.partner.pacing.store=jdbc}
   * @return the client; the context closes it
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @Conditional(OnApiKeyCondition.Partner.class)
  public PartnerClient callingestPartnerClient(
      PartnerProperties properties,
      ObjectProvider<ClientOptionsCustomizer> customizers,
      ObjectProvider<ClientEventListener> listeners,
      ObjectProvider<ClientEventListenerFactory> factories,
      ObjectProvider<PacingStore> stores) {
    String prefix = PartnerProperties.PREFIX;
    String key = required(properties.apiKey(), prefix + ".api-key", "the x-api-key");
    String secret = required(properties.apiSecret(), prefix + ".api-secret", "the x-api-secret");
    String tenant = required(properties.tenantId(), prefix + ".tenant-id", "the x-tenant-id");
    String subTenant =
        required(properties.subTenantId(), prefix + ".sub-tenant-id", "the x-sub-tenant-id");
    PartnerCredentials credentials =
        Checks.value(
            prefix,
            "Set callingest.partner.api-key, api-secret, tenant-id and sub-tenant-id to the values the"
                + " Partner API issued you.",
            () -> PartnerCredentials.of(key, secret, tenant, subTenant));
    ClientOptions.Builder options = properties.toOptions(prefix, credentials);
    finish(CallingestApi.PARTNER, options, customizers, listeners, factories);
    return PartnerClient.builder()
        .options(options.build())
        .allowLoopbackHttpCallbacks(properties.allowLoopbackHttpCallbacks())
        .pacing(
            properties
                .pacing()
                .toPacing(
                    shared(
                        prefix, properties.pacing().store(), properties.pacing().enabled(), stores),
                    tenant))
        .build();
  }

  /** The store a client's pacing shares, or null when it counts in memory. */
  private static @Nullable PacingStore shared(
      String prefix, PacingStoreType type, boolean enabled, ObjectProvider<PacingStore> stores) {
    if (type != PacingStoreType.JDBC) return null;
    if (!enabled) {
      throw new CallingestConfigurationException(
          prefix + ".pacing.store",
          "it is jdbc while " + prefix + ".pacing.enabled is false, so there is no pacing to share",
          "Set "
              + prefix
              + ".pacing.enabled=true (with its limits), or remove "
              + prefix
              + ".pacing.store.");
    }
    // The JDBC store, yours, or the stand-in that reports why there is none.
    return stores.getObject();
  }

  private static void finish(
      CallingestApi api,
      ClientOptions.Builder options,
      ObjectProvider<ClientOptionsCustomizer> customizers,
      ObjectProvider<ClientEventListener> listeners,
      ObjectProvider<ClientEventListenerFactory> factories) {
    List<ClientEventListener> all = new ArrayList<>();
    listeners.orderedStream().forEach(all::add);
    factories.orderedStream().forEach(factory -> all.add(factory.create(api)));
    if (!all.isEmpty()) options.eventListener(CompositeEventListener.of(all));
    customizers.orderedStream().forEach(customizer -> customizer.customize(api, options));
  }

  private static String required(@Nullable String value, String property, String what) {
    if (value == null || value.isBlank()) {
      String client = property.substring(0, property.lastIndexOf('.'));
      throw new CallingestConfigurationException(
          property,
          "it is not set, and the client that " + client + ".api-key asks for needs it",
          "Set "
              + property
              + " to "
              + what
              + " the API issued you (from the environment or a"
              + " secret store), or remove "
              + client
              + ".api-key if you need no such client.");
    }
    return value;
  }
}
