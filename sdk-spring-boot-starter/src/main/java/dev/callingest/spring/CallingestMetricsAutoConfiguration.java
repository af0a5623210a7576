package dev.callingest.spring;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link CallingestMetrics}, when Micrometer is on the class path and the application has a {@link
 * MeterRegistry} (Spring Boot's actuator makes one). The clients and the callback endpoint find it
 * by type.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
    })
@ConditionalOnClass(MeterRegistry.class)
public class CallingestMetricsAutoConfiguration {
  /** Creates the auto-configuration; Spring calls this. */
  public CallingestMetricsAutoConfiguration() {}

  /**
   * The SDK's meters.
   *
   * @param registry the application's registry
   * @return the metrics
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(MeterRegistry.class)
  public CallingestMetrics callingestMetrics(MeterRegistry registry) {
    return new CallingestMetrics(registry);
  }
}
