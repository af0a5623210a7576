package dev.callingest.benchmarks;

import dev.callingest.ClientEventListener;
import dev.callingest.ClientOptions;
import dev.callingest.RequestEvent;
import dev.callingest.bulk.BulkImporter;
import dev.callingest.bulk.ImportReport;
import dev.callingest.bulk.OutcomeKind;
import dev.callingest.emulator.Emulator;
import dev.callingest.partner.IngestItem;
import dev.callingest.partner.PartnerClient;
import dev.callingest.partner.PartnerCredentials;
import dev.callingest.partner.PartnerPacing;
import dev.callingest.upload.UploadCall;
import dev.callingest.upload.UploadClient;
import dev.callingest.upload.UploadCredentials;
import dev.callingest.upload.WaitOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Pacing at the ceiling: imports through the SDK against the project's emulator, which enforces the
 * limits as sliding windows over what it recorded. Both sides run on one {@link ScaledTime}, so the
 * Upload API's hour lasts 36 s and the Partner API's minute 12 s; every wait, poll and window of
 * the client and of the emulator shrinks alike.
 *
 * <p>Two figures. The steady rate: the calls submitted after the first window's worth, divided by
 * the time from the first submission to the last (a sliding window lets a whole window's worth go
 * at the start, so an import of n windows' worth can at best send its last batch n - 1 windows
 * after its first; the steady rate of that best client is exactly the limit, and the time the first
 * window's batches took to go out counts against it). The window fill: at each submission from one
 * window after the first on, the requests in the window that ends there, as a fraction of the
 * request limit, averaged. The 429s are every HTTP 429 the client received, retried attempts
 * included.
 *
 * <p>Usage: {@code PacingBenchmark OUTPUT.md [--quick|--smoke]}; quick imports 2 windows' worth
 * instead of 3; smoke (a check that it runs, for CI) imports 2 windows' worth on clocks 36 and 12
 * times faster again, an hour in 1 s and a minute in 1 s, whose figures mean nothing.
 */
public final class PacingBenchmark {
  // Shortened enough to run in minutes, not so much that a loaded machine's real-time costs (a few
  // milliseconds per batch) become a large part of each window.
  private static final double UPLOAD_SCALE = 100; // an hour in 36 s
  private static final double PARTNER_SCALE = 5; // a minute in 12 s
  private static final int UPLOAD_CALLS_PER_HOUR = 10_000;
  private static final int PARTNER_REQUESTS_PER_MINUTE = 60;

  private static double uploadScale = UPLOAD_SCALE;
  private static double partnerScale = PARTNER_SCALE;

  private PacingBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path output = Path.of(args[0]);
    String mode = args.length > 1 ? args[1] : "";
    int windows = mode.equals("--quick") || mode.equals("--smoke") ? 2 : 3;
    boolean smoke = mode.equals("--smoke");
    uploadScale = smoke ? UPLOAD_SCALE * 36 : UPLOAD_SCALE;
    partnerScale = smoke ? PARTNER_SCALE * 12 : PARTNER_SCALE;
    String loadBefore = loadAverage();
    List<Row> rows = new ArrayList<>();
    rows.add(
        upload(
            "Upload",
            "defaults: `client.importer().build()`",
            windows,
            client -> client.importer()));
    rows.add(
        upload(
            "Upload",
            "tuned: polls from 2 s, `concurrency(10)`, `batchSize(100)`",
            windows,
            client ->
                client
                    .importer(
                        WaitOptions.builder()
                            .interval(Duration.ofSeconds(2), Duration.ofSeconds(5))
                            .build())
                    .concurrency(10)
                    .batchSize(100)
                    .waitForProcessing(true)));
    rows.add(
        partner(
            "Partner",
            "defaults: `client.importer().build()`, pacing at the server's 60/min",
            windows,
            client -> client.importer()));
    rows.add(
        partner(
            "Partner",
            "tuned: `concurrency(8)`",
            windows,
            client -> client.importer().concurrency(8)));

    StringBuilder md = new StringBuilder();
    md.append(
            "| API | setup | calls | 429s | steady rate | fraction of the ceiling | window fill | outcomes"
                + " | real time |\n")
        .append("|---|---|---:|---:|---:|---:|---:|---|---:|\n");
    for (Row row : rows) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %,d | %d | %,.0f %s | %.3f | %.3f | %s | %.1f s |%n",
              row.api,
              row.setup,
              row.calls,
              row.tooMany,
              row.steadyRate,
              row.unit,
              row.fraction,
              row.fill,
              row.outcomes,
              row.realSeconds));
    }
    md.append(
        String.format(
            Locale.ROOT,
            "%nLoad average (1 min) before the first import: %s, after the last:"
                + " %s, on %d cores.%n",
            loadBefore,
            loadAverage(),
            Runtime.getRuntime().availableProcessors()));
    System.out.print(md);
    Files.writeString(output, md.toString(), StandardCharsets.UTF_8);
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (java.io.IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static Row upload(
      String api,
      String setup,
      int windows,
      Function<UploadClient, BulkImporter.Builder<UploadCall>> importer)
      throws Exception {
    ScaledTime time = new ScaledTime(Instant.parse("2026-01-15T00:00:00Z"), uploadScale);
    int calls = windows * UPLOAD_CALLS_PER_HOUR;
    Counter counter = new Counter(time);
    try (Emulator emulator =
            Emulator.builder()
                .uploadApiKey("bench-upload-key")
                .allStages(Duration.ofMillis(2))
                .clock(time)
                .build()
                .start();
        UploadClient client =
            UploadClient.create(
                ClientOptions.builder()
                    .baseUrl(emulator.uploadBaseUrl())
                    .credentials(UploadCredentials.of("bench-upload-key"))
                    .clock(time)
                    .sleeper(time)
                    .eventListener(counter)
                    .build())) {
      long started = System.nanoTime();
      ImportReport report = importer.apply(client).build().run(Fixtures.generatedCalls(calls));
      return counter.row(
          api,
          setup,
          calls,
          UPLOAD_CALLS_PER_HOUR,
          100,
          Duration.ofHours(1),
          "calls/h",
          report,
          started);
    }
  }

  private static Row partner(
      String api,
      String setup,
      int windows,
      Function<PartnerClient, BulkImporter.Builder<IngestItem>> importer)
      throws Exception {
    ScaledTime time = new ScaledTime(Instant.parse("2026-01-15T00:00:00Z"), partnerScale);
    int perWindow = PARTNER_REQUESTS_PER_MINUTE * 50;
    int items = windows * perWindow;
    Counter counter = new Counter(time);
    try (Emulator emulator =
            Emulator.builder()
                .partnerCredentials("bk", "bs", "bt", "bst")
                .partnerRequestsPerMinute(PARTNER_REQUESTS_PER_MINUTE)
                .callbackDelay(Duration.ofHours(1))
                .clock(time)
                .build()
                .start();
        PartnerClient client =
            PartnerClient.builder()
                .options(
                    ClientOptions.builder()
                        .baseUrl(emulator.partnerBaseUrl())
                        .credentials(PartnerCredentials.of("bk", "bs", "bt", "bst"))
                        .clock(time)
                        .sleeper(time)
                        .eventListener(counter)
                        .build())
                .pacing(
                    PartnerPacing.builder().requestsPerWindow(PARTNER_REQUESTS_PER_MINUTE).build())
                .build()) {
      long started = System.nanoTime();
      Iterator<IngestItem> input =
          new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
              return next < items;
            }

            @Override
            public IngestItem next() {
              return Fixtures.ingestItem(next++);
            }
          };
      ImportReport report = importer.apply(client).build().run(input);
      return counter.row(
          api,
          setup,
          items,
          perWindow,
          PARTNER_REQUESTS_PER_MINUTE,
          Duration.ofMinutes(1),
          "items/min",
          report,
          started);
    }
  }

  /** Counts 429s and records when each submission went out, on the scaled clock. */
  private static final class Counter implements ClientEventListener {
    private final ScaledTime time;
    private final AtomicInteger tooMany = new AtomicInteger();
    private final List<Instant> submissions = new CopyOnWriteArrayList<>();

    Counter(ScaledTime time) {
      this.time = time;
    }

    @Override
    public void requestStarted(RequestEvent request) {
      if (request.method().equals("POST")) submissions.add(time.instant());
    }

    @Override
    public void rateLimitWait(String limit, Duration wait) {
      if (System.getenv("PACING_TRACE") != null) {
        System.err.println(time.instant() + " wait " + limit + " " + wait);
      }
    }

    @Override
    public void responseReceived(RequestEvent request, int statusCode, Duration elapsed) {
      if (System.getenv("PACING_TRACE") != null) {
        System.err.println(
            time.instant()
                + " "
                + request.method()
                + " "
                + statusCode
                + " "
                + elapsed.toMillis()
                + "ms");
      }
      if (statusCode == 429) tooMany.incrementAndGet();
    }

    Row row(
        String api,
        String setup,
        int calls,
        int perWindow,
        int requestsPerWindow,
        Duration window,
        String unit,
        ImportReport report,
        long startedNanos) {
      double realSeconds = (System.nanoTime() - startedNanos) / 1e9;
      List<Instant> sorted = new ArrayList<>(submissions);
      sorted.sort(null);
      Instant first = sorted.get(0);
      Instant last = sorted.get(sorted.size() - 1);
      double fillSum = 0;
      int fillCount = 0;
      for (Instant t : sorted) {
        if (t.isBefore(first.plus(window))) continue;
        long inWindow =
            sorted.stream().filter(s -> s.isAfter(t.minus(window)) && !s.isAfter(t)).count();
        fillSum += (double) inWindow / requestsPerWindow;
        fillCount++;
      }
      double spanWindows = Duration.between(first, last).toNanos() / (double) window.toNanos();
      double steady = (calls - perWindow) / spanWindows;
      long settledWell =
          report.count(OutcomeKind.ACCEPTED)
              + report.count(OutcomeKind.COMPLETED)
              + report.count(OutcomeKind.PROCESSING_FAILED);
      String outcomes =
          String.format(
              Locale.ROOT,
              "%,d settled, %,d failed",
              settledWell,
              report.count(OutcomeKind.FAILED));
      return new Row(
          api,
          setup,
          calls,
          tooMany.get(),
          steady,
          unit,
          steady / perWindow,
          fillCount == 0 ? Double.NaN : fillSum / fillCount,
          outcomes,
          realSeconds);
    }
  }

  private record Row(
      String api,
      String setup,
      int calls,
      int tooMany,
      double steadyRate,
      String unit,
      double fraction,
      double fill,
      String outcomes,
      double realSeconds) {}
}
