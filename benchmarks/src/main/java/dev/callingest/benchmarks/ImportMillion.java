package dev.callingest.benchmarks;

import dev.callingest.bulk.ImportReport;
import dev.callingest.upload.UploadClient;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Workload 6: imports 1,000,000 generated calls (read lazily, never held) through a loopback server
 * with pacing off and without waiting for processing ({@link Http#engine}: batches of 100, {@code
 * concurrency} in flight, default 2), and reports the peak heap. Run it in its own JVM with a small
 * heap, as benchmarks/run does: {@code java -Xmx128m -cp ...
 * dev.callingest.benchmarks.ImportMillion}. Prints one line of {@code key=value} pairs.
 */
public final class ImportMillion {
  private ImportMillion() {}

  public static void main(String[] args) throws Exception {
    long total = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    List<MemoryPoolMXBean> heap =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .toList();
    AtomicLong sampledPeak = new AtomicLong();
    Thread sampler =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                sampledPeak.accumulateAndGet(used, Math::max);
                try {
                  Thread.sleep(5);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "heap-sampler");
    sampler.setDaemon(true);

    ImportReport report;
    long started;
    long elapsed;
    try (LoopbackServer server = new LoopbackServer(Http.RECEIPT);
        UploadClient client = Http.sdkClient(server)) {
      // Warm the path up briefly, then measure the whole million from a clean slate.
      Http.engine(client, concurrency)
          .build()
          .run(Fixtures.generatedCalls(Math.min(20_000, total)));
      System.gc();
      heap.forEach(MemoryPoolMXBean::resetPeakUsage);
      sampler.start();
      started = System.nanoTime();
      report = Http.engine(client, concurrency).build().run(Fixtures.generatedCalls(total));
      elapsed = System.nanoTime() - started;
    }
    sampler.interrupt();
    long poolPeaks = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    long gcCount =
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .mapToLong(gc -> Math.max(0, gc.getCollectionCount()))
            .sum();
    if (report.accepted() != total) throw new IllegalStateException("not all accepted: " + report);
    System.out.printf(
        "calls=%d accepted=%d seconds=%.2f callsPerSecond=%.0f maxHeapMb=%.1f"
            + " sampledPeakHeapMb=%.1f sumOfPoolPeaksMb=%.1f gcCount=%d%n",
        total,
        report.accepted(),
        elapsed / 1e9,
        total / (elapsed / 1e9),
        Runtime.getRuntime().maxMemory() / 1048576.0,
        sampledPeak.get() / 1048576.0,
        poolPeaks / 1048576.0,
        gcCount);
  }
}
