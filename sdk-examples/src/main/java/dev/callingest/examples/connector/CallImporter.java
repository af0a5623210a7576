package dev.callingest.examples.connector;

import dev.callingest.bulk.ImportListener;
import dev.callingest.bulk.ImportReport;
import dev.callingest.examples.importer.CrmFiles;
import dev.callingest.partner.PartnerClient;
import dev.callingest.spring.CallingestApi;
import dev.callingest.spring.CallingestMetrics;
import java.io.IOException;
import java.nio.file.Path;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;

/**
 * Imports a CRM export (CSV or JSONL, the columns of {@code CrmImport}) into the Partner API with
 * the starter's {@link PartnerClient} and the SDK's bulk importer; each call's {@code callback_url}
 * is this application's callback endpoint. Outcomes are counted in the meter registry.
 */
@Service
public class CallImporter {
  private final PartnerClient partner;
  private final ObjectProvider<CallingestMetrics> metrics;
  private final Environment environment;
  private final String callbackUrl;
  private final String callbackPath;

  CallImporter(
      PartnerClient partner,
      ObjectProvider<CallingestMetrics> metrics,
      Environment environment,
      @Value("${connector.callback-url:}") String callbackUrl,
      @Value("${callingest.callback.path:/callbacks}") String callbackPath) {
    this.partner = partner;
    this.metrics = metrics;
    this.environment = environment;
    this.callbackUrl = callbackUrl;
    this.callbackPath = callbackPath;
  }

  /**
   * Imports every call of a file; bad rows are printed and skipped.
   *
   * @param file the export
   * @return the importer's report: each call's outcome counted
   * @throws IOException when the file cannot be read
   */
  public ImportReport importFile(Path file) throws IOException {
    CallingestMetrics meters = metrics.getIfAvailable();
    ImportListener listener =
        meters == null ? ImportListener.NONE : meters.importListener(CallingestApi.PARTNER);
    try (CrmFiles.Items items =
        CrmFiles.partnerItems(
            file,
            callbackUrl(),
            (line, reason) -> System.out.println("line " + line + " skipped: " + reason))) {
      return partner.importer().listener(listener).build().run(items);
    }
  }

  /** The configured public URL, or this server's loopback URL (the emulator calls it locally). */
  String callbackUrl() {
    if (!callbackUrl.isBlank()) return callbackUrl;
    String port = environment.getProperty("local.server.port");
    if (port == null) {
      throw new IllegalStateException(
          "set connector.callback-url, or import once the web server runs");
    }
    return "http://127.0.0.1:" + port + callbackPath;
  }
}
