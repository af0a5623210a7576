package dev.callingest.spring;

import dev.callingest.ClientOptions;

/**
 * Adjusts the {@link ClientOptions} of an auto-configured client after the properties have been
 * applied, for what properties cannot express: a shared {@code OkHttpClient} (proxy, TLS), an
 * executor, a clock. Declare any number as beans; they run in {@code @Order}.
 *
 * <pre>{@code
 * @Bean
 * ClientOptionsCustomizer proxy(OkHttpClient corporateHttp) {
 *   return (api, options) -> options.okHttpClient(corporateHttp);
 * }
 * }</pre>
 *
 * <p>Setting {@link ClientOptions.Builder#eventListener} here replaces the listener the starter
 * installs (your {@code ClientEventListener} beans, the Micrometer metrics and the observations);
 * declare a {@code ClientEventListener} bean instead to add one.
 */
@FunctionalInterface
public interface ClientOptionsCustomizer {
  /**
   * Customizes the options of one client.
   *
   * @param api which client is being built
   * @param options the builder, with the properties already applied
   */
  void customize(CallingestApi api, ClientOptions.Builder options);
}
