package dev.callingest.examples;

import dev.callingest.bulk.ImportReport;
import dev.callingest.preflight.PreflightOptions;
import dev.callingest.preflight.PreflightResult;
import dev.callingest.preflight.RecordingPreflight;
import dev.callingest.upload.UploadBatch;
import dev.callingest.upload.UploadCall;
import dev.callingest.upload.UploadClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The recording preflight samples of docs/upload-api.md and docs/bulk-import.md, kept here so that
 * the build proves they compile. They are not run by the tests (the tests exercise the same calls).
 */
public final class PreflightSamples {
  private PreflightSamples() {}

  /**
   * Checks one call's recording before submitting it.
   *
   * @param client the Upload API client
   * @param call the call
   */
  public static void checkOne(UploadClient client, UploadCall call) {
    PreflightResult result = client.preflight(call);
    if (result.failed()) {
      System.err.println(call.externalId() + ": " + result.reason().orElseThrow());
    } else {
      result.warnings().forEach(w -> System.err.println(call.externalId() + ": " + w));
      client.submit(UploadBatch.of(List.of(call)));
    }
  }

  /**
   * Imports with the preflight on: dead, oversized, non-audio and soon-expiring recordings are
   * refused before they cost any of the hourly budget.
   *
   * @param client the Upload API client
   * @param calls the calls
   * @return the report
   */
  public static ImportReport importChecked(UploadClient client, Stream<UploadCall> calls) {
    ImportReport report =
        client
            .importer()
            .waitForProcessing(true)
            .concurrency(10)
            .journal(Path.of("history-import.journal"))
            .preflight(
                PreflightOptions.builder()
                    .timeout(Duration.ofSeconds(3)) // per request to a recording's host
                    .concurrency(16) // recordings checked at once
                    .processingAllowance(
                        Duration.ofMinutes(45)) // a presigned URL must outlive send + 45 min
                    .build())
            .build()
            .run(calls);
    System.out.println(report.preflightRefused() + " calls refused by the preflight");
    return report;
  }

  /**
   * Checks a URL on its own, with the Upload API's rules.
   *
   * @param url the recording URL
   * @return the verdict
   */
  public static PreflightResult standalone(String url) {
    RecordingPreflight preflight = RecordingPreflight.forUploadApi(PreflightOptions.DEFAULT);
    return preflight.check(url);
  }
}
