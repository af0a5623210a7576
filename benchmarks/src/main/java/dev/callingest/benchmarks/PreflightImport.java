package dev.callingest.benchmarks;

import dev.callingest.ClientOptions;
import dev.callingest.bulk.CallOutcome;
import dev.callingest.bulk.ImportListener;
import dev.callingest.bulk.ImportReport;
import dev.callingest.bulk.OutcomeKind;
import dev.callingest.emulator.Emulator;
import dev.callingest.emulator.ReceivedBatch;
import dev.callingest.preflight.PreflightOptions;
import dev.callingest.upload.UploadCall;
import dev.callingest.upload.UploadClient;
import dev.callingest.upload.UploadCredentials;
import dev.callingest.upload.UploadPacing;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * The recording preflight's worth and cost: imports N calls (default 10,000), one in twenty with a
 * dead recording URL (404 from a second emulator acting as the recordings' host), into the
 * emulator's Upload API, without and then with the preflight, several rounds alternating. Reports
 * the calls and batches each variant spent of the API's hourly budget (counted by the emulator),
 * how many of the calls sent had a dead recording, and the median wall time of each variant. Pacing
 * is off so that the wall time is the SDK's and the recordings' hosts', not the hourly limit's;
 * batches of 100, concurrency 4, {@code waitForProcessing(false)}. Prints {@code key=value} lines.
 */
public final class PreflightImport {
  private PreflightImport() {}

  public static void main(String[] args) throws Exception {
    long total = args.length > 0 ? Long.parseLong(args[0]) : 10_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Emulator emulator =
        Emulator.builder()
            .allStages(Duration.ofMillis(1))
            .uploadLimits(
                1_000_000, 100_000_000, 100_000) // measure the budget, do not enforce it here
            .build()
            .start();
    // The recordings live on a host of their own (a second emulator, serving its generated WAV and
    // 404 for the rest), as they would in production: the API's server only takes the API's load.
    Emulator recordings = Emulator.builder().build().start();
    try {
      // Warm-up of both paths.
      long warm = Math.min(1_000, total);
      run(emulator, recordings, warm, false, "warm");
      run(emulator, recordings, warm, true, "warm");
      long[] without = new long[rounds];
      long[] with = new long[rounds];
      Outcome plain = null;
      Outcome checked = null;
      for (int round = 0; round < rounds; round++) {
        plain = run(emulator, recordings, total, false, "plain" + round);
        without[round] = plain.nanos;
        checked = run(emulator, recordings, total, true, "checked" + round);
        with[round] = checked.nanos;
      }
      double plainSeconds = median(without) / 1e9;
      double checkedSeconds = median(with) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "calls=%d deadShare=0.05 rounds=%d%n"
              + "withoutPreflight: callsSent=%d batchesSent=%d deadRecordingsSent=%d medianSeconds=%.2f%n"
              + "withPreflight: callsSent=%d batchesSent=%d deadRecordingsSent=%d refusedBeforeSending=%d"
              + " medianSeconds=%.2f%n"
              + "budgetSaved: calls=%d (%.1f%% of 10,000 an hour) batches=%d (of 100 an hour)%n"
              + "overhead: seconds=%.2f ratio=%.2f perCallMs=%.3f%n",
          total,
          rounds,
          plain.callsSent,
          plain.batchesSent,
          plain.failedLater,
          plainSeconds,
          checked.callsSent,
          checked.batchesSent,
          checked.failedLater,
          checked.refused,
          checkedSeconds,
          plain.callsSent - checked.callsSent,
          (plain.callsSent - checked.callsSent) / 100.0,
          plain.batchesSent - checked.batchesSent,
          checkedSeconds - plainSeconds,
          checkedSeconds / plainSeconds,
          (checkedSeconds - plainSeconds) * 1000 / total);
    } finally {
      emulator.close();
      recordings.close();
    }
  }

  private record Outcome(
      long nanos, long callsSent, long batchesSent, long failedLater, long refused) {}

  private static Outcome run(
      Emulator emulator, Emulator recordings, long total, boolean preflight, String tag)
      throws InterruptedException {
    int batchesBefore = emulator.batches().size();
    ClientOptions options =
        ClientOptions.builder()
            .baseUrl(emulator.uploadBaseUrl())
            .credentials(UploadCredentials.of(emulator.uploadApiKey()))
            .build();
    ImportReport report;
    long started;
    long elapsed;
    try (UploadClient client =
        UploadClient.builder().options(options).pacing(UploadPacing.DISABLED).build()) {
      // The engine's settings as the page names them; not waiting for processing, since the wall
      // time compared is the sending's, not the emulator's processing.
      var builder = client.importer().batchSize(100).concurrency(4).waitForProcessing(false);
      if (preflight) builder.preflight(PreflightOptions.DEFAULT);
      builder.listener(
          new ImportListener() {
            @Override
            public void onOutcome(CallOutcome outcome) {
              if (outcome.kind() == OutcomeKind.FAILED) {
                System.err.println(
                    tag + ": " + outcome.callId() + " failed: " + outcome.reason().orElse("?"));
              }
            }
          });
      started = System.nanoTime();
      report = builder.build().run(calls(recordings, total, tag));
      elapsed = System.nanoTime() - started;
    }
    if (!emulator.awaitIdle(Duration.ofMinutes(5)))
      throw new IllegalStateException("emulator still busy");
    List<ReceivedBatch> batches = new ArrayList<>(emulator.batches());
    List<ReceivedBatch> mine = batches.subList(batchesBefore, batches.size());
    long sent = mine.stream().mapToLong(b -> b.calls().size()).sum();
    // Dead by construction: what the API would fail after accepting (the emulator's own fetches are
    // not counted, since a burst of 10,000 downloads from one loopback host also fails good ones).
    long failed =
        mine.stream()
            .flatMap(b -> b.calls().stream())
            .filter(c -> c.audioUrl().contains("/audio/deleted-"))
            .count();
    if (report.read() != total) {
      throw new IllegalStateException("unexpected report: " + report);
    }
    return new Outcome(elapsed, sent, mine.size(), failed, report.preflightRefused());
  }

  /** Calls whose recordings are the host's generated WAV, every twentieth a missing file. */
  private static Stream<UploadCall> calls(Emulator host, long total, String tag) {
    Instant date = Instant.parse("2025-06-01T08:00:00Z");
    return LongStream.range(0, total)
        .mapToObj(
            i ->
                UploadCall.builder()
                    .externalId(tag + "-" + i)
                    .audioUrl(
                        i % 20 == 7
                            ? host.audioUrl("deleted-" + i + ".mp3")
                            : host.audioUrl("call-" + i + ".wav"))
                    .userEmail("rep@example.com")
                    .callDate(date)
                    .build());
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
