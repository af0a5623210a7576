package dev.callingest.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * What a user sees: a real SpringApplication run, whose failure report comes from the analyzer
 * registered in META-INF/spring.factories, ahead of Spring Boot's generic binding report.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureReportTest {
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {}

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class WebAppWithConsumer {
    @org.springframework.context.annotation.Bean
    dev.callingest.callback.CallbackConsumer consumer() {
      return (deliveryId, analysis) -> {};
    }
  }

  @Test
  void aConsumerWithoutASchemeInAWebAppIsReportedBeforeTheWebServerIsCreated(
      CapturedOutput output) {
    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(WebAppWithConsumer.class)
                    .web(WebApplicationType.SERVLET)
                    .properties("spring.main.banner-mode=off", "server.port=0")
                    .run()
                    .close())
        .isNotNull();

    String text = output.toString();
    assertThat(text)
        .contains("APPLICATION FAILED TO START")
        .contains("The callingest property 'callingest.callback.webhook-secrets' is not usable")
        .doesNotContain("Unable to start web server")
        .doesNotContain("Tomcat initialized");
  }

  static void start(String... properties) {
    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(App.class)
                    .web(WebApplicationType.NONE)
                    .properties("spring.main.banner-mode=off")
                    .properties(properties)
                    .run()
                    .close())
        .isNotNull();
  }

  @Test
  void aMissingPacingLimitIsReportedWithItsPropertyAndAction(CapturedOutput output) {
    start(
        "callingest.partner.api-key=pk",
        "callingest.partner.api-secret=ps-live-secret",
        "callingest.partner.tenant-id=t1",
        "callingest.partner.sub-tenant-id=s1",
        "callingest.partner.pacing.enabled=true");

    assertThat(output.toString())
        .contains("APPLICATION FAILED TO START")
        .contains(
            "The callingest property 'callingest.partner.pacing.requests-per-window' is not"
                + " usable")
        .contains("Action:")
        .contains("or set callingest.partner.pacing.enabled=false.")
        .doesNotContain("ps-live-secret");
  }

  @Test
  void aMalformedCallbackKeyIsReportedInTheStartersWordsNotAsAGenericBindFailure(
      CapturedOutput output) {
    start(
        "callingest.callback.url-keys[0].id=k1", "callingest.callback.url-keys[0].secret=c2hvcnQ=");

    String text = output.toString();
    assertThat(text).contains("APPLICATION FAILED TO START").doesNotContain("c2hvcnQ");
    String report = text.substring(text.indexOf("APPLICATION FAILED TO START"));
    assertThat(report)
        .contains(
            "The callingest property 'callingest.callback.url-keys[0]' is not usable: secret"
                + " of key k1 has 5 bytes")
        .doesNotContain("Failed to bind properties");
  }
}
