package dev.callingest.spring;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link CallingestObservations} when Micrometer's Observation API is on the class path and the
 * application has an {@link ObservationRegistry} (Spring Boot makes one with the actuator or {@code
 * spring-boot-micrometer-observation}). The clients find it as a {@link ClientEventListenerFactory}
 * and the callback endpoint as an outcome listener; a filter on the endpoint's path opens each
 * callback's observation. The meters do not depend on it.
 */
@AutoConfiguration(
    after = CallingestCallbackAutoConfiguration.class,
    afterName =
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
public class CallingestObservationAutoConfiguration {
  /** Creates the auto-configuration; Spring calls this. */
  public CallingestObservationAutoConfiguration() {}

  /**
   * The SDK's observations.
   *
   * @param registry the application's registry
   * @return the observations
   */
  @Bean
  @ConditionalOnMissingBean
  public CallingestObservations callingestObservations(ObservationRegistry registry) {
    return new CallingestObservations(registry);
  }

  /** The callback endpoint's observation, where the starter mounted the endpoint. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(name = "jakarta.servlet.Filter")
  @ConditionalOnBean(name = "callingestCallbackServlet")
  static class Callback {
    @Bean
    @ConditionalOnMissingBean(name = "callingestCallbackObservationFilter")
    FilterRegistrationBean<CallbackObservationFilter> callingestCallbackObservationFilter(
        CallingestObservations observations, CallbackProperties properties) {
      FilterRegistrationBean<CallbackObservationFilter> registration =
          new FilterRegistrationBean<>(new CallbackObservationFilter(observations));
      registration.addUrlPatterns(properties.path());
      registration.setName("callingestCallbackObservationFilter");
      return registration;
    }
  }
}
