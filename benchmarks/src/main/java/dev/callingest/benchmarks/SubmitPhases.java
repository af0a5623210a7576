package dev.callingest.benchmarks;

import dev.callingest.internal.WireFormats;
import dev.callingest.upload.UploadBatch;
import dev.callingest.upload.UploadClient;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import okhttp3.OkHttpClient;

/**
 * The time of each phase of a submit beside the hand-written Jackson client, for {@code
 * SubmitBenchmark}'s workload (a 100-call batch to the loopback server), all in one JVM: the phases
 * run in turn, {@code perRound} operations each, round after round, so that a change in the
 * machine's load falls on every phase alike; each phase's time is its median over the rounds. Bytes
 * per operation come from the thread's allocation counter and are exact. "SDK other" is the submit
 * less validation, serialization and a plain OkHttp post of the same bytes: pacing, events, the
 * transport's bookkeeping, the receipt's parsing, and whatever the phases cost together that they
 * do not cost alone (a fresh 36 KB body is colder than the one the plain post sends each time).
 * Beside the wall-clock time, the calling thread's CPU time ({@code
 * ThreadMXBean.getCurrentThreadCpuTime}): the blocking clients do their HTTP work on that thread,
 * and it does not count the time the thread waits for a core, so it holds up better under load.
 *
 * <p>Usage: {@code SubmitPhases [rounds [perRound]]} (defaults 40 and 200); prints a Markdown
 * table. Times are wall-clock and shared with whatever else runs: compare them as ratios within one
 * run.
 */
public final class SubmitPhases {
  private SubmitPhases() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (LoopbackServer server = new LoopbackServer(Http.RECEIPT);
        UploadClient client = Http.sdkClient(server)) {
      OkHttpClient raw = Http.rawClient();
      UploadBatch batch = Fixtures.uploadBatch(UploadBatch.MAX_CALLS, 0);
      JacksonModels.UploadBatchDto dto = Fixtures.uploadBatchDto(batch);
      String url = Http.batchUrl(server);
      byte[] body = WireFormats.write(UploadBatch.class, batch);
      Map<String, Phase> phases = new LinkedHashMap<>();
      phases.put("SDK validation", () -> client.validate(batch));
      phases.put("SDK serialization", () -> WireFormats.write(UploadBatch.class, batch));
      phases.put("plain OkHttp post of the SDK's bytes", () -> Http.rawPost(raw, url, body));
      phases.put("SDK submit", () -> client.submit(batch));
      phases.put("hand serialization (Jackson)", () -> JacksonModels.MAPPER.writeValueAsBytes(dto));
      phases.put(
          "hand client submit (Jackson, OkHttp, Jackson)",
          () ->
              JacksonModels.MAPPER.readValue(
                  Http.rawPost(raw, url, JacksonModels.MAPPER.writeValueAsBytes(dto)),
                  JacksonModels.ReceiptDto.class));
      for (int warmUp = 0; warmUp < 3; warmUp++) {
        for (Phase phase : phases.values()) {
          for (int i = 0; i < 2_000; i++) phase.run();
        }
      }
      Map<String, Double> bytes = new LinkedHashMap<>();
      for (Map.Entry<String, Phase> phase : phases.entrySet()) {
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1_000; i++) phase.getValue().run();
        bytes.put(phase.getKey(), (threads.getCurrentThreadAllocatedBytes() - before) / 1_000.0);
      }
      Map<String, double[]> times = new LinkedHashMap<>();
      Map<String, double[]> cpu = new LinkedHashMap<>();
      for (String name : phases.keySet()) {
        times.put(name, new double[rounds]);
        cpu.put(name, new double[rounds]);
      }
      for (int round = 0; round < rounds; round++) {
        for (Map.Entry<String, Phase> phase : phases.entrySet()) {
          long start = System.nanoTime();
          long startCpu = threads.getCurrentThreadCpuTime();
          for (int i = 0; i < perRound; i++) phase.getValue().run();
          cpu.get(phase.getKey())[round] =
              (threads.getCurrentThreadCpuTime() - startCpu) / 1_000.0 / perRound;
          times.get(phase.getKey())[round] = (System.nanoTime() - start) / 1_000.0 / perRound;
        }
      }
      raw.dispatcher().executorService().shutdown();
      raw.connectionPool().evictAll();
      print(medians(times), medians(cpu), bytes, rounds, perRound);
    }
  }

  private static Map<String, Double> medians(Map<String, double[]> samples) {
    Map<String, Double> median = new LinkedHashMap<>();
    samples.forEach(
        (name, values) -> {
          double[] sorted = values.clone();
          Arrays.sort(sorted);
          median.put(name, sorted[sorted.length / 2]);
        });
    return median;
  }

  private static void print(
      Map<String, Double> time,
      Map<String, Double> cpu,
      Map<String, Double> bytes,
      int rounds,
      int perRound) {
    StringBuilder out =
        new StringBuilder(
            "| phase | median µs per op | caller's CPU µs per op | bytes per op |\n"
                + "| --- | ---: | ---: | ---: |\n");
    for (String name : time.keySet()) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f | %.1f | %,.0f |%n",
              name,
              time.get(name),
              cpu.get(name),
              bytes.get(name)));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "| SDK other (submit less the three above) | %.1f | %.1f | %,.0f |%n",
            rest(time),
            rest(cpu),
            rest(bytes)));
    String hand = "hand client submit (Jackson, OkHttp, Jackson)";
    out.append(
        String.format(
            Locale.ROOT,
            "%nSDK submit / hand client: %.3f (time), %.3f (caller's CPU), %.3f (bytes); %d rounds"
                + " of %d operations per phase, interleaved.%n",
            time.get("SDK submit") / time.get(hand),
            cpu.get("SDK submit") / cpu.get(hand),
            bytes.get("SDK submit") / bytes.get(hand),
            rounds,
            perRound));
    System.out.print(out);
  }

  private static double rest(Map<String, Double> phase) {
    return phase.get("SDK submit")
        - phase.get("SDK validation")
        - phase.get("SDK serialization")
        - phase.get("plain OkHttp post of the SDK's bytes");
  }

  @FunctionalInterface
  private interface Phase {
    Object run() throws Exception;
  }
}
