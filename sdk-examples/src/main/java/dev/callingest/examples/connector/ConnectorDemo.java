package dev.callingest.examples.connector;

import dev.callingest.bulk.ImportReport;
import dev.callingest.callback.StandardWebhooksSigner;
import dev.callingest.emulator.Emulator;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs {@link ConnectorApplication} against the local emulator, with no keys: starts the emulator
 * (which signs its callbacks with a fresh Standard Webhooks secret), starts the connector with
 * {@code callingest.*} properties pointing at it, imports a CRM export, waits until every callback
 * has been delivered, prints the analyses and the SDK's meters, and exits.
 *
 * <pre>
 * mvn -B -q -Pconnector-demo -DskipTests package          # from the repository root
 * </pre>
 */
public final class ConnectorDemo {
  private ConnectorDemo() {}

  /**
   * Runs the demo.
   *
   * @param args the CRM export to import; default {@code sdk-examples/samples/crm-calls.csv}
   * @throws Exception when the emulator or the application cannot start
   */
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args.length > 0 ? args[0] : "sdk-examples/samples/crm-calls.csv");
    String secret = StandardWebhooksSigner.generateSecret();
    try (Emulator emulator =
        Emulator.builder()
            .callbackDelay(Duration.ofMillis(200))
            .webhookSecret(secret)
            .build()
            .start()) {
      List<String> partner = emulator.partnerCredentials();
      // The same settings would come from application.properties or the environment in production.
      String[] properties = {
        "--server.port=0",
        "--spring.main.banner-mode=off",
        "--callingest.partner.base-url=" + emulator.partnerBaseUrl(),
        "--callingest.partner.api-key=" + partner.get(0),
        "--callingest.partner.api-secret=" + partner.get(1),
        "--callingest.partner.tenant-id=" + partner.get(2),
        "--callingest.partner.sub-tenant-id=" + partner.get(3),
        "--callingest.partner.allow-loopback-http-callbacks=true",
        "--callingest.callback.webhook-secrets=" + secret,
      };
      try (ConfigurableApplicationContext app =
          SpringApplication.run(ConnectorApplication.class, properties)) {
        ImportReport report = app.getBean(CallImporter.class).importFile(file);
        System.out.println(
            "import of "
                + file
                + ": "
                + report.accepted()
                + " accepted, "
                + report.rejected()
                + " rejected, "
                + report.failed()
                + " failed");
        emulator.awaitIdle(Duration.ofSeconds(30));
        AnalysisInbox inbox = app.getBean(AnalysisInbox.class);
        System.out.println(
            inbox.analyses().size()
                + " analyses received and verified, "
                + inbox.handled().size()
                + " deliveries handled");
        System.out.println("meters:");
        MeterRegistry registry = app.getBean(MeterRegistry.class);
        registry.getMeters().stream()
            .filter(meter -> meter.getId().getName().startsWith("callingest."))
            .map(ConnectorDemo::describe)
            .sorted()
            .forEach(line -> System.out.println("  " + line));
      }
    }
  }

  private static String describe(Meter meter) {
    String tags =
        meter.getId().getTags().stream()
            .map(tag -> tag.getKey() + "=" + tag.getValue())
            .collect(Collectors.joining(",", "{", "}"));
    double count = 0;
    for (var measurement : meter.measure()) {
      if (measurement.getStatistic() == io.micrometer.core.instrument.Statistic.COUNT) {
        count = measurement.getValue();
      }
    }
    return meter.getId().getName() + tags + " " + (long) count;
  }
}
