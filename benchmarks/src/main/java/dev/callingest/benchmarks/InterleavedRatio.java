package dev.callingest.benchmarks;

import dev.callingest.internal.WireFormats;
import dev.callingest.partner.IngestBatch;
import dev.callingest.upload.UploadBatch;
import dev.callingest.upload.UploadClient;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import okhttp3.OkHttpClient;

/**
 * The SDK's time against its baseline on a shared machine: both run in one JVM in alternating
 * blocks (the order flips every round), and each block's cost is the thread's CPU time per
 * operation as well as its wall time, so another process taking the cores mostly shows up in the
 * wall time. Prints, per workload, the median over rounds of SDK / baseline for both clocks.
 *
 * <p>Usage: {@code InterleavedRatio [rounds]} (default 40).
 */
public final class InterleavedRatio {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static Object sink;

  private InterleavedRatio() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    UploadBatch upload = Fixtures.uploadBatch(UploadBatch.MAX_CALLS, 0);
    JacksonModels.UploadBatchDto uploadDto = Fixtures.uploadBatchDto(upload);
    IngestBatch partner = Fixtures.ingestBatch(IngestBatch.MAX_ITEMS);
    JacksonModels.IngestBatchDto partnerDto = Fixtures.ingestBatchDto(partner);
    compare(
        "write a 100-call Upload batch",
        rounds,
        200,
        () -> WireFormats.write(UploadBatch.class, upload),
        () -> JacksonModels.MAPPER.writeValueAsBytes(uploadDto));
    compare(
        "write a 50-item Partner batch",
        rounds,
        200,
        () -> WireFormats.write(IngestBatch.class, partner),
        () -> JacksonModels.MAPPER.writeValueAsBytes(partnerDto));
    try (LoopbackServer server = new LoopbackServer(Http.RECEIPT);
        UploadClient client = Http.sdkClient(server)) {
      OkHttpClient raw = Http.rawClient();
      String url = Http.batchUrl(server);
      compare(
          "submit 100 calls (vs rawOkHttpWithJackson)",
          rounds,
          50,
          () -> client.submit(upload),
          () ->
              JacksonModels.MAPPER.readValue(
                  Http.rawPost(raw, url, JacksonModels.MAPPER.writeValueAsBytes(uploadDto)),
                  JacksonModels.ReceiptDto.class));
      raw.dispatcher().executorService().shutdown();
      raw.connectionPool().evictAll();
    }
  }

  private static void compare(
      String name, int rounds, int block, Callable<?> sdk, Callable<?> baseline) throws Exception {
    for (int i = 0; i < 20; i++) { // warm-up: 20 blocks of each
      run(sdk, block);
      run(baseline, block);
    }
    double[] cpuRatios = new double[rounds];
    double[] wallRatios = new double[rounds];
    double sdkCpu = 0;
    double baseCpu = 0;
    for (int round = 0; round < rounds; round++) {
      long[] a;
      long[] b;
      if (round % 2 == 0) {
        a = run(sdk, block);
        b = run(baseline, block);
      } else {
        b = run(baseline, block);
        a = run(sdk, block);
      }
      cpuRatios[round] = (double) a[0] / b[0];
      wallRatios[round] = (double) a[1] / b[1];
      sdkCpu += a[0] / 1e3 / block;
      baseCpu += b[0] / 1e3 / block;
    }
    System.out.printf(
        Locale.ROOT,
        "%s: cpu %.1f us vs %.1f us, median ratio cpu %.2f, wall %.2f (%d rounds of %d ops)%n",
        name,
        sdkCpu / rounds,
        baseCpu / rounds,
        median(cpuRatios),
        median(wallRatios),
        rounds,
        block);
  }

  /** {@return the thread's CPU nanoseconds and the wall nanoseconds of {@code count} calls} */
  private static long[] run(Callable<?> operation, int count) throws Exception {
    long cpu = THREADS.getCurrentThreadCpuTime();
    long wall = System.nanoTime();
    for (int i = 0; i < count; i++) sink = operation.call();
    return new long[] {THREADS.getCurrentThreadCpuTime() - cpu, System.nanoTime() - wall};
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
