package dev.callingest.benchmarks;

import dev.callingest.internal.WireFormats;
import dev.callingest.upload.UploadBatch;
import dev.callingest.upload.UploadClient;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import okhttp3.OkHttpClient;

/**
 * Where a submit's bytes and time go, for {@code SubmitBenchmark}'s workload (a 100-call batch to
 * the loopback server). Bytes are exact: the thread's allocation counter ({@code
 * com.sun.management.ThreadMXBean}) around each phase run alone, averaged over many operations, for
 * the SDK (validation, serialization, then the whole submit, whose remainder is transport, pacing,
 * events and the receipt's parsing) and for the hand-written client (Jackson serialization, Jackson
 * parsing of the receipt, the whole post). Time is the share of JFR execution samples ({@code
 * jdk.ExecutionSample}, the {@code profile} settings) of this thread during repeated submits, each
 * sample given to the first phase whose code is on its stack.
 *
 * <p>Usage: {@code SubmitBreakdown <operations> <recording.jfr>}; prints a Markdown table.
 */
public final class SubmitBreakdown {
  /** Phases in the order a sampled stack is tested against them: the first that matches wins. */
  private static final String[][] PHASES = {
    {"validation", "UploadValidator", "FieldRules", "EmailRule", "UrlCheck", "checkValid"},
    {"serialization", "UploadBatchWriter", "IsoTimes"},
    {"receipt parsing", "UploadReader", "JsonBytesReader", "UploadClient.receipt"},
    {"events", "RequestEvent", "ClientEventListener"},
    {"pacing", "SlidingWindowPacer", "upload.Pacer"},
    {"transport", "okhttp3.", "okio.", "HttpTransport", "ApiRequest", "RawResponse", "java.net."},
  };

  private SubmitBreakdown() {}

  public static void main(String[] args) throws Exception {
    int operations = Integer.parseInt(args[0]);
    Path recording = Path.of(args[1]);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (LoopbackServer server = new LoopbackServer(Http.RECEIPT);
        UploadClient client = Http.sdkClient(server)) {
      OkHttpClient raw = Http.rawClient();
      UploadBatch batch = Fixtures.uploadBatch(UploadBatch.MAX_CALLS, 0);
      JacksonModels.UploadBatchDto dto = Fixtures.uploadBatchDto(batch);
      String url = Http.batchUrl(server);
      byte[] receipt = Http.RECEIPT.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      Map<String, Runnable> phases = new LinkedHashMap<>();
      phases.put("sdk validation", () -> client.validate(batch));
      phases.put("sdk serialization", () -> WireFormats.write(UploadBatch.class, batch));
      phases.put("sdk submit", () -> client.submit(batch));
      phases.put(
          "hand serialization", () -> unchecked(() -> JacksonModels.MAPPER.writeValueAsBytes(dto)));
      phases.put(
          "hand parsing",
          () ->
              unchecked(
                  () -> JacksonModels.MAPPER.readValue(receipt, JacksonModels.ReceiptDto.class)));
      phases.put(
          "hand submit",
          () ->
              unchecked(
                  () ->
                      JacksonModels.MAPPER.readValue(
                          Http.rawPost(raw, url, JacksonModels.MAPPER.writeValueAsBytes(dto)),
                          JacksonModels.ReceiptDto.class)));
      Map<String, Double> bytes = new LinkedHashMap<>();
      for (Map.Entry<String, Runnable> phase : phases.entrySet()) {
        for (int i = 0; i < operations; i++) phase.getValue().run(); // warm-up
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < operations; i++) phase.getValue().run();
        bytes.put(
            phase.getKey(),
            (threads.getCurrentThreadAllocatedBytes() - before) / (double) operations);
      }
      Map<String, Integer> samples = new LinkedHashMap<>();
      String me = Thread.currentThread().getName();
      try (Recording jfr = new Recording(Configuration.getConfiguration("profile"))) {
        jfr.start();
        for (int i = 0; i < operations * 4; i++) client.submit(batch);
        jfr.stop();
        jfr.dump(recording);
      }
      int total = 0;
      for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
        if (!event.getEventType().getName().equals("jdk.ExecutionSample")) continue;
        var thread = event.getThread("sampledThread");
        if (thread == null || !me.equals(thread.getJavaName())) continue;
        samples.merge(phase(event), 1, Integer::sum);
        total++;
      }
      raw.dispatcher().executorService().shutdown();
      raw.connectionPool().evictAll();
      print(bytes, samples, total, operations);
    }
  }

  private static void print(
      Map<String, Double> bytes, Map<String, Integer> samples, int total, int operations) {
    double submit = bytes.get("sdk submit");
    double validation = bytes.get("sdk validation");
    double serialization = bytes.get("sdk serialization");
    double rest = submit - validation - serialization;
    double hand = bytes.get("hand submit");
    double handWrite = bytes.get("hand serialization");
    double handParse = bytes.get("hand parsing");
    StringBuilder out = new StringBuilder();
    out.append(
            "| phase | SDK bytes per submit | SDK share of CPU samples | hand client bytes per submit |\n")
        .append("| --- | ---: | ---: | ---: |\n");
    row(out, "validation", validation, share(samples, total, "validation"), 0);
    row(
        out,
        "serialization (the body, 36,851 bytes, included)",
        serialization,
        share(samples, total, "serialization"),
        handWrite);
    row(
        out,
        "transport, pacing, events and the receipt's parsing",
        rest,
        share(samples, total, "transport")
            + share(samples, total, "pacing")
            + share(samples, total, "events")
            + share(samples, total, "receipt parsing"),
        hand - handWrite);
    out.append(
        String.format(
            Locale.ROOT,
            "| of which: receipt parsing | | %.1f%% | %,.0f |%n",
            100 * share(samples, total, "receipt parsing"),
            handParse));
    out.append(
        String.format(
            Locale.ROOT,
            "| of which: pacing | | %.1f%% | |%n",
            100 * share(samples, total, "pacing")));
    out.append(
        String.format(
            Locale.ROOT,
            "| of which: events | | %.1f%% | |%n",
            100 * share(samples, total, "events")));
    row(
        out,
        "other (harness, JIT, unattributed)",
        Double.NaN,
        share(samples, total, "other"),
        Double.NaN);
    out.append(
        String.format(
            Locale.ROOT, "| **whole submit** | **%,.0f** | 100%% | **%,.0f** |%n", submit, hand));
    out.append(
        String.format(
            Locale.ROOT,
            "%nBytes: each phase run alone %,d times after %,d warm-up runs, thread allocation counter;"
                + " CPU: %,d execution samples of %,d submits.%n",
            operations,
            operations,
            total,
            operations * 4));
    System.out.print(out);
  }

  private static void row(StringBuilder out, String phase, double sdk, double cpu, double hand) {
    out.append(
        String.format(
            Locale.ROOT,
            "| %s | %s | %.1f%% | %s |%n",
            phase,
            Double.isNaN(sdk) ? "" : String.format(Locale.ROOT, "%,.0f", sdk),
            100 * cpu,
            Double.isNaN(hand) ? "" : String.format(Locale.ROOT, "%,.0f", hand)));
  }

  private static double share(Map<String, Integer> samples, int total, String phase) {
    return total == 0 ? 0 : samples.getOrDefault(phase, 0) / (double) total;
  }

  private static String phase(RecordedEvent event) {
    if (event.getStackTrace() == null) return "other";
    for (String[] phase : PHASES) {
      for (RecordedFrame frame : event.getStackTrace().getFrames()) {
        if (frame.getMethod() == null) continue;
        String name = frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
        for (int i = 1; i < phase.length; i++) {
          if (name.contains(phase[i])) return phase[0];
        }
      }
    }
    return "other";
  }

  private interface Body {
    Object run() throws Exception;
  }

  private static void unchecked(Body body) {
    try {
      body.run();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
