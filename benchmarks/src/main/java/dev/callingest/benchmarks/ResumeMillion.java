package dev.callingest.benchmarks;

import dev.callingest.bulk.ImportReport;
import dev.callingest.bulk.OutcomeKind;
import dev.callingest.upload.UploadClient;
import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Resumes an import from a journal of 1,000,000 calls: all but the last 1,000 recorded as accepted,
 * those 1,000 as submitted with no answer (a crash). The importer streams the journal, skips the
 * accepted calls, and sends the rest through a loopback server, flagged as possible duplicates
 * ({@link Http#engine}: batches of 100, concurrency 2, pacing off, no wait for processing). Run it
 * in its own JVM with a small heap, as benchmarks/run does: {@code java -Xmx64m -cp ...
 * dev.callingest.benchmarks.ResumeMillion}. Prints one line of {@code key=value} pairs.
 */
public final class ResumeMillion {
  private static final int OPEN = 1_000;

  private ResumeMillion() {}

  public static void main(String[] args) throws Exception {
    long total = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    if (total <= OPEN)
      throw new IllegalArgumentException("needs more than " + OPEN + " calls: " + total);
    Path journal = Files.createTempFile("callingest-resume", ".journal");
    try {
      try (BufferedWriter out = Files.newBufferedWriter(journal, StandardCharsets.UTF_8)) {
        out.write("# callingest-journal v1\n");
        for (long i = 0; i < total; i++) {
          out.write("P\tcrm-call-" + i + "\n");
          if (i < total - OPEN) out.write("A\tcrm-call-" + i + "\tbatch_" + (i / 100) + "\tonce\n");
        }
      }
      long journalBytes = Files.size(journal);
      AtomicLong sampledPeak = new AtomicLong();
      Thread sampler =
          new Thread(
              () -> {
                while (!Thread.currentThread().isInterrupted()) {
                  sampledPeak.accumulateAndGet(
                      ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                      Math::max);
                  try {
                    Thread.sleep(5);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "heap-sampler");
      sampler.setDaemon(true);
      System.gc();
      sampler.start();
      ImportReport report;
      long started = System.nanoTime();
      try (LoopbackServer server = new LoopbackServer(Http.RECEIPT);
          UploadClient client = Http.sdkClient(server)) {
        report =
            Http.engine(client, 2).journal(journal).build().run(Fixtures.generatedCalls(total));
      }
      long elapsed = System.nanoTime() - started;
      sampler.interrupt();
      long skipped = report.count(OutcomeKind.SKIPPED);
      if (skipped != total - OPEN
          || report.accepted() != OPEN
          || report.possibleDuplicates() != OPEN) {
        throw new IllegalStateException("unexpected resume: " + report);
      }
      System.out.printf(
          "calls=%d journalMb=%.1f skipped=%d resent=%d flagged=%d seconds=%.2f maxHeapMb=%.1f"
              + " sampledPeakHeapMb=%.1f%n",
          total,
          journalBytes / 1048576.0,
          skipped,
          report.accepted(),
          report.possibleDuplicates(),
          elapsed / 1e9,
          Runtime.getRuntime().maxMemory() / 1048576.0,
          sampledPeak.get() / 1048576.0);
    } finally {
      Files.deleteIfExists(journal);
    }
  }
}
