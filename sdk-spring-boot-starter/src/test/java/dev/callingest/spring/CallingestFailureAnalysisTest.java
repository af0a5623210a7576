package dev.callingest.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.callback.CallbackConsumer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Every misconfiguration stops startup with a failure analysis naming the property and the fix,
 * never the value of a secret.
 */
class CallingestFailureAnalysisTest {
  static final String SECRET = CallingestAutoConfigurationTest.SECRET;
  static final String[] PARTNER = {
    "callingest.partner.api-key=pk-live-0001",
    "callingest.partner.api-secret=ps-live-0002",
    "callingest.partner.tenant-id=t1",
    "callingest.partner.sub-tenant-id=s1"
  };

  final ApplicationContextRunner runner =
      new ApplicationContextRunner().withConfiguration(CallingestAutoConfigurationTest.ALL);

  static FailureAnalysis analysis(AssertableApplicationContext context) {
    assertThat(context).hasFailed();
    FailureAnalysis analysis =
        new CallingestConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
    assertThat(analysis).as("the starter's analyzer recognizes the failure").isNotNull();
    return analysis;
  }

  static String trace(Throwable failure) {
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    return trace.toString();
  }

  @Test
  void partnerPacingEnabledWithoutALimitNamesTheLimitProperty() {
    runner
        .withPropertyValues(PARTNER)
        .withPropertyValues("callingest.partner.pacing.enabled=true")
        .run(
            context -> {
              FailureAnalysis analysis = analysis(context);
              assertThat(analysis.getDescription())
                  .isEqualTo(
                      "The callingest property 'callingest.partner.pacing.requests-per-window' is not"
                          + " usable: it is required when callingest.partner.pacing.enabled is true (the"
                          + " Partner API documents no limit, so the SDK has no default).");
              assertThat(analysis.getAction())
                  .contains("Set callingest.partner.pacing.requests-per-window")
                  .contains("callingest.partner.pacing.enabled=false");
            });
  }

  @Test
  void partnerKeyWithoutTheRestNamesTheMissingProperty() {
    runner
        .withPropertyValues("callingest.partner.api-key=pk", "callingest.partner.api-secret=s")
        .run(
            context -> {
              FailureAnalysis analysis = analysis(context);
              assertThat(analysis.getDescription())
                  .startsWith(
                      "The callingest property 'callingest.partner.tenant-id' is not usable: it is not set");
              assertThat(analysis.getAction())
                  .startsWith("Set callingest.partner.tenant-id to the" + " x-tenant-id");
            });
  }

  @Test
  void aRefusedClientSettingNamesItsProperty() {
    runner
        .withPropertyValues("callingest.upload.api-key=k", "callingest.upload.max-retries=11")
        .run(
            context ->
                assertThat(analysis(context).getDescription())
                    .isEqualTo(
                        "The callingest property 'callingest.upload.max-retries' is not usable: maxRetries"
                            + " must be between 0 and 10: 11."));
    runner
        .withPropertyValues(
            "callingest.upload.api-key=k", "callingest.upload.pacing.batches-per-hour=0")
        .run(
            context ->
                assertThat(analysis(context).getDescription())
                    .startsWith(
                        "The callingest property 'callingest.upload.pacing.batches-per-hour'"));
    runner
        .withPropertyValues(PARTNER)
        .withPropertyValues("callingest.partner.base-url=ftp://x")
        .run(
            context ->
                assertThat(analysis(context).getDescription())
                    .startsWith("The callingest property 'callingest.partner.base-url'"));
  }

  @Test
  void aConsumerWithoutAVerificationSchemeIsReportedBeforeAnyBeanIsMade() {
    runner
        .withBean(CallbackConsumer.class, () -> (id, analysis) -> {})
        .run(
            context -> {
              FailureAnalysis analysis = analysis(context);
              assertThat(analysis.getDescription())
                  .startsWith(
                      "The callingest property 'callingest.callback.webhook-secrets' is not usable: callbacks"
                          + " are wanted");
              assertThat(analysis.getAction())
                  .contains("callingest.callback.url-keys")
                  .contains("CallbackVerifier bean")
                  .contains("callingest.callback.enabled=false");
              // Raised by the bean factory check, so not "Error creating bean" of the servlet or
              // receiver.
              assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                  .isInstanceOf(CallingestConfigurationException.class);
              assertThat(trace(context.getStartupFailure())).doesNotContain("Error creating bean");
            });
  }

  @Test
  void bothSchemesOrAMalformedKeyAreReportedWithoutTheSecret() {
    runner
        .withPropertyValues(
            "callingest.callback.webhook-secrets=" + SECRET,
            "callingest.callback.url-keys[0].id=k1",
            "callingest.callback.url-keys[0].secret=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")
        .run(
            context ->
                assertThat(analysis(context).getDescription())
                    .startsWith(
                        "The callingest property 'callingest.callback.url-keys' is not usable: both"));
    runner
        .withPropertyValues(
            "callingest.callback.url-keys[0].id=k1",
            "callingest.callback.url-keys[0].secret=c2hvcnQ=")
        .run(
            context -> {
              FailureAnalysis analysis = analysis(context);
              assertThat(analysis.getDescription())
                  .isEqualTo(
                      "The callingest property 'callingest.callback.url-keys[0]' is not usable: secret of"
                          + " key k1 has 5 bytes; at least 16 are required.");
              assertThat(
                      analysis.getDescription()
                          + analysis.getAction()
                          + trace(context.getStartupFailure()))
                  .doesNotContain("c2hvcnQ");
            });
    runner
        .withPropertyValues("callingest.callback.webhook-secrets=whsec_c2hvcnQ=")
        .run(
            context -> {
              FailureAnalysis analysis = analysis(context);
              assertThat(analysis.getDescription())
                  .startsWith("The callingest property 'callingest.callback.webhook-secrets[0]'");
              assertThat(analysis.getDescription() + trace(context.getStartupFailure()))
                  .doesNotContain("c2hvcnQ");
            });
  }

  @Test
  void aBadPathOrBodySizeIsReported() {
    runner
        .withPropertyValues(
            "callingest.callback.webhook-secrets=" + SECRET, "callingest.callback.path=callbacks")
        .run(
            context ->
                assertThat(analysis(context).getDescription())
                    .isEqualTo(
                        "The callingest property 'callingest.callback.path' is not usable: it must start"
                            + " with /."));
    runner
        .withPropertyValues(
            "callingest.callback.webhook-secrets=" + SECRET, "callingest.callback.max-body-size=0B")
        .run(
            context ->
                assertThat(analysis(context).getDescription())
                    .contains("'callingest.callback.max-body-size'"));
  }

  @Test
  void anUnknownKeyUnderACallingestPrefixIsReported() {
    runner
        .withPropertyValues(
            "callingest.callback.webhook-secrets=" + SECRET,
            "callingest.callback.jdbc.tabel=crm_callbacks")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(trace(context.getStartupFailure()))
                  .contains(UnboundConfigurationPropertiesException.class.getName())
                  .contains("callingest.callback.jdbc.tabel");
            });
    runner
        .withPropertyValues("callingest.upload.api-key=k", "callingest.upload.max-retry=3")
        .run(
            context ->
                assertThat(trace(context.getStartupFailure()))
                    .contains(
                        "callingest.upload.max-retry")); // A typo in the prefix itself reaches no
    // record; it is refused by name.
    runner
        .withPropertyValues("callingest.uplaod.api-key=k")
        .run(
            context -> {
              FailureAnalysis analysis = analysis(context);
              assertThat(analysis.getDescription())
                  .isEqualTo(
                      "The callingest property"
                          + " 'callingest.uplaod.api-key' is not usable: no callingest property starts with"
                          + " callingest.uplaod.");
              assertThat(analysis.getAction()).contains("callingest.upload");
            });
    // An environment variable that merely shares the prefix is not a typo, as in Spring Boot.
    runner
        .withPropertyValues(
            "callingest.callback.webhook-secrets=" + SECRET, "callingest.upload.api-key=k")
        .withInitializer(
            context ->
                context
                    .getEnvironment()
                    .getPropertySources()
                    .replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(
                            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                            Map.of(
                                "CALLINGEST_CALLBACK_KEY",
                                "k",
                                "CALLINGEST_UPLOAD_KEY_FILE",
                                "/run/k",
                                "CALLINGEST_WEBHOOK_SECRET",
                                "whsec_x"))))
        .run(context -> assertThat(context).hasNotFailed());
  }
}
