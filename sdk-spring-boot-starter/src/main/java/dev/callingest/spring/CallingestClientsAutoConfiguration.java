package dev.callingest.spring;

import dev.callingest.ClientEventListener;
import dev.callingest.ClientOptions;
import dev.callingest.partner.PartnerClient;
import dev.callingest.partner.PartnerCredentials;
import dev.callingest.upload.UploadClient;
import dev.callingest.upload.UploadCredentials;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * The {@link UploadClient} and {@link PartnerClient} beans, each created only when its API key is
 * set (not blank) and closed with the application context. Your own bean of either type replaces it.
 *
 * <p>Options are built from the properties, then every {@link ClientOptionsCustomizer} runs. The
 * event listener combines your {@link ClientEventListener} beans and the listener each {@link
 * ClientEventListenerFactory} (such as {@link CallingestMetrics}) makes for the API.
 */
@AutoConfiguration
@EnableConfigurationProperties({UploadProperties.class, PartnerProperties.class})
public class CallingestClientsAutoConfiguration {
  /** Creates the auto-configuration; Spring calls this. */
  public CallingestClientsAutoConfiguration() {}

  /**
   * The Upload API client, from {@code callingest.upload.*}.
   *
   * @param properties the bound properties
   * @param customizers your customizers, in order
   * @param listeners your event listeners
   * @param factories per-API listener factories, such as the metrics
   * @return the client; the context closes it
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @Conditional(OnApiKeyCondition.Upload.class)
  public UploadClient callingestUploadClient(
      UploadProperties properties,
      ObjectProvider<ClientOptionsCustomizer> customizers,
      ObjectProvider<ClientEventListener> listeners,
      ObjectProvider<ClientEventListenerFactory> factories) {
    ClientOptions.Builder options =
        properties.toOptions(UploadCredentials.of(required(properties.apiKey(), "callingest.upload.api-key")));
    finish(CallingestApi.UPLOAD, options, customizers, listeners, factories);
    return UploadClient.builder()
        .options(options.build())
        .pacing(properties.pacing().toPacing())
        .build();
  }

  /**
   * The Partner API client, from {@code callingest.partner.*}.
   *
   * @param properties the bound properties
   * @param customizers your customizers, in order
   * @param listeners your event listeners
   * @param factories per-API listener factories, such as the metrics
   * @return the client; the context closes it
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @Conditional(OnApiKeyCondition.Partner.class)
  public PartnerClient callingestPartnerClient(
      PartnerProperties properties,
      ObjectProvider<ClientOptionsCustomizer> customizers,
      ObjectProvider<ClientEventListener> listeners,
      ObjectProvider<ClientEventListenerFactory> factories) {
    PartnerCredentials credentials = PartnerCredentials.of(
        required(properties.apiKey(), "callingest.partner.api-key"),
        required(properties.apiSecret(), "callingest.partner.api-secret"),
        required(properties.tenantId(), "callingest.partner.tenant-id"),
        required(properties.subTenantId(), "callingest.partner.sub-tenant-id"));
    ClientOptions.Builder options = properties.toOptions(credentials);
    finish(CallingestApi.PARTNER, options, customizers, listeners, factories);
    return PartnerClient.builder()
        .options(options.build())
        .allowLoopbackHttpCallbacks(properties.allowLoopbackHttpCallbacks())
        .pacing(properties.pacing().toPacing())
        .build();
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

  private static String required(String value, String property) {
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(property + " must be set");
    }
    return value;
  }
}
