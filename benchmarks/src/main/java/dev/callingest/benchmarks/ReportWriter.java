package dev.callingest.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes docs/performance.md from one run's results: the JMH JSON files, the million-call import's
 * line, the dependency closure listing and the machine description that benchmarks/run collects in
 * one directory. Every SDK figure is put beside its baseline from the same run; targets are judged
 * from the figures, never by hand. {@code findings.md} (hand-written analysis) is appended as is.
 *
 * <p>Usage: {@code ReportWriter <results dir> <findings.md> <output.md>}
 */
public final class ReportWriter {
  private final Map<String, Result> results = new LinkedHashMap<>();
  private final StringBuilder out = new StringBuilder();

  private ReportWriter() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    ReportWriter writer = new ReportWriter();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file :
          files
              .filter(
                  f ->
                      f.getFileName().toString().startsWith("jmh-")
                          && f.toString().endsWith(".json"))
              .sorted()
              .toList()) {
        writer.load(file);
      }
    }
    String page = writer.page(dir, Path.of(args[1]));
    Files.writeString(Path.of(args[2]), page, StandardCharsets.UTF_8);
    System.out.print(writer.summary);
  }

  private final StringBuilder summary = new StringBuilder();

  private record Result(double score, double error, String unit, double alloc, double allocError) {}

  private void load(Path file) throws IOException {
    for (JsonNode run : JacksonModels.MAPPER.readTree(file.toFile())) {
      String name = run.get("benchmark").asText().replace("dev.callingest.benchmarks.", "");
      StringBuilder key = new StringBuilder(name);
      JsonNode params = run.get("params");
      if (params != null)
        params.fields().forEachRemaining(p -> key.append(':').append(p.getValue().asText()));
      JsonNode primary = run.get("primaryMetric");
      JsonNode alloc = run.path("secondaryMetrics").path("gc.alloc.rate.norm");
      results.put(
          key.toString(),
          new Result(
              primary.get("score").asDouble(),
              error(primary),
              primary.get("scoreUnit").asText(),
              alloc.isMissingNode() ? Double.NaN : alloc.get("score").asDouble(),
              alloc.isMissingNode() ? Double.NaN : error(alloc)));
    }
  }

  private static double error(JsonNode metric) {
    double error = metric.path("scoreError").asDouble(Double.NaN);
    return Double.isNaN(error) ? 0 : error;
  }

  private Result get(String key) {
    Result result = results.get(key);
    if (result == null)
      throw new IllegalStateException("no result for " + key + "; have " + results.keySet());
    return result;
  }

  private String page(Path dir, Path findings) throws IOException {
    Map<String, String> million = medians(read(dir.resolve("million.txt")));
    String closure = read(dir.resolve("closure.txt"));
    out.append("# Performance\n\n")
        .append(
            "Written by `benchmarks/run` from one run; do not edit the figures by hand. Every SDK figure\n")
        .append(
            "stands beside its baseline measured in the same run, on the same machine, against the same\n")
        .append(
            "data and (for HTTP) the same loopback server. `±` is JMH's 99.9% confidence half-width; with\n")
        .append(
            "one fork and five to eight iterations on a shared machine it is wide, so read a ratio whose\n")
        .append(
            "error bars overlap 1.0 as a tie. The load averages below say how busy the machine was.\n\n");
    out.append("## Machine and command\n\n```\n")
        .append(read(dir.resolve("machine.txt")).strip())
        .append("\n```\n\n");

    out.append("## Results against targets\n\n")
        .append("| # | workload | SDK | baseline | SDK / baseline | target | met |\n")
        .append("| --- | --- | --- | --- | --- | --- | --- |\n");
    timeRow(
        "1",
        "write a 100-call Upload batch to JSON (time)",
        "UploadWriteBenchmark.sdk:100",
        "UploadWriteBenchmark.jackson:100",
        "Jackson databind",
        "<= 1.00",
        1.0);
    allocRow(
        "1",
        "write a 100-call Upload batch (allocated)",
        "UploadWriteBenchmark.sdk:100",
        "UploadWriteBenchmark.jackson:100");
    timeRow(
        "1",
        "write a 50-item Partner batch to JSON (time)",
        "PartnerWriteBenchmark.sdk",
        "PartnerWriteBenchmark.jackson",
        "Jackson databind",
        "<= 1.00",
        1.0);
    allocRow(
        "1",
        "write a 50-item Partner batch (allocated)",
        "PartnerWriteBenchmark.sdk",
        "PartnerWriteBenchmark.jackson");
    timeRow(
        "2",
        "parse a 100-call batch status (time)",
        "ParseBenchmark.sdkBatchStatus",
        "ParseBenchmark.jacksonBatchStatus",
        "Jackson databind",
        "<= 1.00",
        1.0);
    allocRow(
        "2",
        "parse a 100-call batch status (allocated)",
        "ParseBenchmark.sdkBatchStatus",
        "ParseBenchmark.jacksonBatchStatus");
    timeRow(
        "2",
        "parse the 7 KB callback payload (time)",
        "ParseBenchmark.sdkCallback",
        "ParseBenchmark.jacksonCallback",
        "Jackson databind",
        "<= 1.00",
        1.0);
    allocRow(
        "2",
        "parse the 7 KB callback payload (allocated)",
        "ParseBenchmark.sdkCallback",
        "ParseBenchmark.jacksonCallback");
    timeRow(
        "3",
        "verify a Standard Webhooks signature and parse the 7 KB payload",
        "WebhookBenchmark.sdk",
        "WebhookBenchmark.standardWebhooksAndJackson",
        "standardwebhooks + Jackson",
        "<= 1.00",
        1.0);
    timeRow(
        "4",
        "submit a 100-call batch to a loopback server, read the receipt",
        "SubmitBenchmark.sdk",
        "SubmitBenchmark.rawOkHttpWithJackson",
        "hand-written client: Jackson + OkHttp, serializing and parsing",
        "<= 1.10",
        1.10);
    Result reference = get("SubmitBenchmark.rawOkHttp");
    out.append(
            "| 4 | (reference) the same against a raw OkHttp post of bytes serialized beforehand,"
                + " nothing parsed | ")
        .append(time(get("SubmitBenchmark.sdk")))
        .append(" µs | ")
        .append(time(reference))
        .append(" µs | ")
        .append(ratio(get("SubmitBenchmark.sdk").score, reference.score))
        .append(" | none | |\n");
    allocRow(
        "4",
        "submit a 100-call batch, read the receipt (allocated)",
        "SubmitBenchmark.sdk",
        "SubmitBenchmark.rawOkHttpWithJackson",
        " (hand-written client: Jackson + OkHttp)");
    importRow(
        "5",
        "import 100,000 calls, batches of 100, concurrency 2, pacing off, "
            + "`waitForProcessing(false)`",
        "2");
    Path oldFile = dir.resolve("million-old.txt");
    Map<String, String> old = Files.exists(oldFile) ? medians(read(oldFile)) : Map.of();
    out.append(
            "| 6 | import 1,000,000 generated calls with `-Xmx128m` (batches of 100, concurrency 2, ")
        .append("pacing off, `waitForProcessing(false)`) | ")
        .append(million.getOrDefault("calls", "?"))
        .append(" accepted in ")
        .append(million.getOrDefault("seconds", "?"))
        .append(" s (")
        .append(million.getOrDefault("callsPerSecond", "?"))
        .append(" calls/s); peak heap ")
        .append(million.getOrDefault("sampledPeakHeapMb", "?"))
        .append(" MB sampled, ")
        .append(million.getOrDefault("sumOfPoolPeaksMb", "?"))
        .append(" MB sum of pool peaks")
        .append(" | none (a limit) | | completes with `-Xmx128m` | ")
        .append(million.containsKey("accepted") ? "yes" : "**no**")
        .append(" |\n");
    if (!old.isEmpty()) {
      String commit = old.getOrDefault("commit", "?");
      out.append("| 6 | the same import, SDK of this commit against commit ")
          .append(commit)
          .append(
              " (its own `ImportMillion`, same JVM flags, alternating with this commit's; medians of ")
          .append(million.getOrDefault("rounds", "?"))
          .append(" rounds each) | ")
          .append(million.getOrDefault("callsPerSecond", "?"))
          .append(" calls/s, peak heap ")
          .append(million.getOrDefault("sampledPeakHeapMb", "?"))
          .append(" MB sampled, ")
          .append(gcPeaks(dir, "million-gc-"))
          .append(" | ")
          .append(old.getOrDefault("callsPerSecond", "?"))
          .append(" calls/s, peak heap ")
          .append(old.getOrDefault("sampledPeakHeapMb", "?"))
          .append(" MB sampled, ")
          .append(gcPeaks(dir, "million-old-gc-"))
          .append(" (")
          .append(commit)
          .append(") | ")
          .append(ratioOf(million, old, "callsPerSecond"))
          .append(" calls/s, ")
          .append(ratioOf(million, old, "sampledPeakHeapMb"))
          .append(" heap")
          .append(" | >= 1.00 calls/s, <= 1.00 heap | ")
          .append(
              atLeast(million, old, "callsPerSecond", 1.0)
                      && atMost(million, old, "sampledPeakHeapMb", 1.0)
                  ? "yes"
                  : "**no**")
          .append(" |\n");
    }
    Path resumeFile = dir.resolve("resume.txt");
    Map<String, String> resume = Files.exists(resumeFile) ? keyValues(read(resumeFile)) : Map.of();
    out.append(
            "| 6b | resume an import from a 1,000,000-call journal with `-Xmx64m` (journal streamed) | ")
        .append(resume.getOrDefault("skipped", "?"))
        .append(" skipped, ")
        .append(resume.getOrDefault("resent", "?"))
        .append(" resent and flagged, in ")
        .append(resume.getOrDefault("seconds", "?"))
        .append(" s; journal ")
        .append(resume.getOrDefault("journalMb", "?"))
        .append(" MB; peak heap ")
        .append(resume.getOrDefault("sampledPeakHeapMb", "?"))
        .append(" MB sampled")
        .append(" | none (a limit) | | completes with `-Xmx64m` | ")
        .append(resume.containsKey("skipped") ? "yes" : "**no**")
        .append(" |\n");
    long closureBytes = closureBytes(closure);
    out.append("| 7 | runtime dependency closure of callingest-core (its jar included) | ")
        .append(String.format(Locale.ROOT, "%,d bytes (%.2f MB)", closureBytes, closureBytes / 1e6))
        .append(" | none (a limit) | | <= 4 MB | ")
        .append(closureBytes <= 4_000_000 ? "yes" : "**no**")
        .append(" |\n\n");

    out.append(
            "Allocation is JMH's `gc.alloc.rate.norm` (`-prof gc`): bytes allocated per operation.\n")
        .append(
            "For workload 5 the figures are calls per second over a whole 100,000-call import\n")
        .append(
            "(`SingleShotTime`, one import per iteration); its ratio is SDK calls/s over baseline calls/s.\n\n");

    out.append(
            "## How cost grows\n\nJSON write time of an Upload batch by its number of calls:\n\n")
        .append(
            "| calls | SDK µs | Jackson µs | SDK / Jackson | SDK B/op | Jackson B/op | SDK µs per call |\n")
        .append("| --- | --- | --- | --- | --- | --- | --- |\n");
    for (String n : List.of("1", "10", "50", "100")) {
      Result sdk = get("UploadWriteBenchmark.sdk:" + n);
      Result jackson = get("UploadWriteBenchmark.jackson:" + n);
      out.append("| ")
          .append(n)
          .append(" | ")
          .append(time(sdk))
          .append(" | ")
          .append(time(jackson))
          .append(" | ")
          .append(ratio(sdk.score, jackson.score))
          .append(" | ")
          .append(bytes(sdk.alloc))
          .append(" | ")
          .append(bytes(jackson.alloc))
          .append(" | ")
          .append(String.format(Locale.ROOT, "%.2f", sdk.score / Integer.parseInt(n)))
          .append(" |\n");
    }
    out.append("\nImport throughput of 100,000 calls by concurrency (batches in flight):\n\n")
        .append("| concurrency | SDK calls/s | raw OkHttp loop calls/s | SDK / baseline |\n")
        .append("| --- | --- | --- | --- |\n");
    for (String c : List.of("1", "2", "4")) {
      Result sdk = get("ImportBenchmark.sdk:" + c);
      Result raw = get("ImportBenchmark.rawOkHttp:" + c);
      out.append("| ")
          .append(c)
          .append(" | ")
          .append(rate(sdk))
          .append(" | ")
          .append(rate(raw))
          .append(" | ")
          .append(ratio(raw.score, sdk.score))
          .append(" |\n");
    }
    Path breakdown = dir.resolve("breakdown.md");
    if (Files.exists(breakdown)) {
      out.append("\n## Where a submit's bytes and time go\n\n")
          .append(
              "`SubmitBreakdown`, in its own JVM after the JMH runs: the same 100-call batch and\n")
          .append(
              "loopback server as workload 4. Bytes are exact (the thread's allocation counter around\n")
          .append(
              "each phase run alone; the SDK's remainder is the whole submit less validation and\n")
          .append(
              "serialization). Time is the share of JFR execution samples of the submitting thread, each\n")
          .append(
              "given to the first phase (in the table's order) whose code is on the sampled stack.\n\n")
          .append(read(breakdown).strip())
          .append("\n");
    }
    Path oldMillion = dir.resolve("million-old.txt");
    out.append("\n## Dependency closure of callingest-core (runtime scope)\n\n```\n")
        .append(closure.stripTrailing())
        .append("\n```\n\n");
    Path pacing = dir.resolve("pacing.md");
    if (Files.exists(pacing)) {
      out.append("## Pacing at the ceiling\n\n")
          .append(PACING_INTRO)
          .append(read(pacing).strip())
          .append("\n\n");
    }
    Path shared = dir.resolve("shared-pacing.md");
    if (Files.exists(shared)) {
      out.append("## Several processes sharing one PostgreSQL pacing store\n\n")
          .append(SHARED_INTRO)
          .append(read(shared).strip())
          .append("\n\n")
          .append(machineLine(read(dir.resolve("machine.txt"))))
          .append("\n\n");
    }
    out.append("## Million-call import, raw lines (one per round)\n\n```\n")
        .append(read(dir.resolve("million.txt")).strip())
        .append("\n```\n\n");
    if (Files.exists(oldMillion)) {
      out.append(
              "The same import on the earlier commit, its own `ImportMillion`, alternating with the"
                  + " rounds above:\n\n```\n")
          .append(read(oldMillion).strip())
          .append("\n```\n\n");
    }
    Path preflight = dir.resolve("preflight.txt");
    if (Files.exists(preflight)) {
      out.append("## Recording preflight\n\n")
          .append(
              "An import into the emulator's Upload API with one recording URL in twenty dead (404 from\n")
          .append("a second emulator serving the recordings), without and with\n")
          .append(
              "`preflight(PreflightOptions.DEFAULT)`, pacing off, batches of 100, concurrency 4,\n")
          .append(
              "alternating rounds (median wall time). Calls and batches sent are counted by the emulator:\n")
          .append(
              "each is a slot of the hourly 10,000 calls and 100 batches. Under pacing the checks run\n")
          .append(
              "ahead of the batches and the overhead disappears into the pacing waits.\n\n```\n")
          .append(read(preflight).strip())
          .append("\n```\n\n");
    }
    if (Files.exists(resumeFile)) {
      out.append("## Journal resume, raw line\n\n```\n")
          .append(read(resumeFile).strip())
          .append("\n```\n\n");
    }
    if (Files.exists(findings)) out.append(Files.readString(findings).strip()).append('\n');
    return out.toString();
  }

  private void timeRow(
      String n,
      String what,
      String sdkKey,
      String baseKey,
      String baseName,
      String target,
      double limit) {
    Result sdk = get(sdkKey);
    Result base = get(baseKey);
    double ratio = sdk.score / base.score;
    boolean met = ratio <= limit;
    out.append("| ")
        .append(n)
        .append(" | ")
        .append(what)
        .append(" | ")
        .append(time(sdk))
        .append(" µs | ")
        .append(time(base))
        .append(" µs (")
        .append(baseName)
        .append(") | ")
        .append(ratio(sdk.score, base.score))
        .append(" | ")
        .append(target)
        .append(" | ")
        .append(met ? "yes" : "**no**")
        .append(" |\n");
    summary.append(
        String.format(
            Locale.ROOT,
            "%-3s %-60s sdk %10s us  base %10s us  ratio %s %s%n",
            n,
            what,
            time(sdk),
            time(base),
            ratio(sdk.score, base.score),
            met ? "met" : "MISSED"));
  }

  private void allocRow(String n, String what, String sdkKey, String baseKey) {
    allocRow(n, what, sdkKey, baseKey, "");
  }

  private void allocRow(String n, String what, String sdkKey, String baseKey, String baseName) {
    Result sdk = get(sdkKey);
    Result base = get(baseKey);
    boolean met = sdk.alloc < base.alloc;
    out.append("| ")
        .append(n)
        .append(" | ")
        .append(what)
        .append(" | ")
        .append(bytes(sdk.alloc))
        .append(" B/op | ")
        .append(bytes(base.alloc))
        .append(" B/op")
        .append(baseName)
        .append(" | ")
        .append(ratio(sdk.alloc, base.alloc))
        .append(" | fewer bytes | ")
        .append(met ? "yes" : "**no**")
        .append(" |\n");
    summary.append(
        String.format(
            Locale.ROOT,
            "%-3s %-60s sdk %10s B   base %10s B   ratio %s %s%n",
            n,
            what,
            bytes(sdk.alloc),
            bytes(base.alloc),
            ratio(sdk.alloc, base.alloc),
            met ? "met" : "MISSED"));
  }

  private void importRow(String n, String what, String concurrency) {
    Result sdk = get("ImportBenchmark.sdk:" + concurrency);
    Result raw = get("ImportBenchmark.rawOkHttp:" + concurrency);
    double share = raw.score / sdk.score; // times are ms per import; rate ratio is the inverse
    boolean met = share >= 0.90;
    out.append("| ")
        .append(n)
        .append(" | ")
        .append(what)
        .append(" | ")
        .append(rate(sdk))
        .append(" calls/s | ")
        .append(rate(raw))
        .append(" calls/s (raw OkHttp loop) | ")
        .append(String.format(Locale.ROOT, "%.2f", share))
        .append(" | >= 0.90 | ")
        .append(met ? "yes" : "**no**")
        .append(" |\n");
    summary.append(
        String.format(
            Locale.ROOT,
            "%-3s %-60s sdk %10s c/s base %10s c/s ratio %.2f %s%n",
            n,
            what,
            rate(sdk),
            rate(raw),
            share,
            met ? "met" : "MISSED"));
  }

  /**
   * The largest heap occupancy before and after a collection in a {@code -Xlog:gc} file, whose
   * lines end with {@code 49M->6M(76M)}; the first is the heap's real peak, the second includes
   * what old regions hold until a mixed collection.
   */
  private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\(");

  private static String gcPeaks(Path dir, String prefix) throws IOException {
    List<Double> before = new ArrayList<>();
    List<Double> after = new ArrayList<>();
    try (var logs = Files.list(dir)) {
      for (Path log : logs.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
        long most = 0;
        long left = 0;
        Matcher m = GC_LINE.matcher(Files.readString(log));
        while (m.find()) {
          most = Math.max(most, Long.parseLong(m.group(1)));
          left = Math.max(left, Long.parseLong(m.group(2)));
        }
        before.add((double) most);
        after.add((double) left);
      }
    }
    if (before.isEmpty()) return "no GC log";
    return String.format(
        Locale.ROOT,
        "%.0f MB at most before a GC, %.0f MB at most after one (GC log)",
        median(before),
        median(after));
  }

  /**
   * One value per key from a file of {@code key=value} lines, one line per round: the median for
   * numbers, the first line's value otherwise, and {@code rounds}, the number of lines.
   */
  private static Map<String, String> medians(String text) {
    List<Map<String, String>> rounds = new ArrayList<>();
    for (String line : text.strip().split("\n")) {
      if (!line.isBlank()) rounds.add(keyValues(line));
    }
    Map<String, String> result = new LinkedHashMap<>();
    if (rounds.isEmpty()) return result;
    for (String key : rounds.get(0).keySet()) {
      List<Double> numbers = new ArrayList<>();
      for (Map<String, String> round : rounds) {
        try {
          numbers.add(Double.parseDouble(round.getOrDefault(key, "")));
        } catch (NumberFormatException e) {
          numbers.clear();
          break;
        }
      }
      String first = rounds.get(0).get(key);
      if (numbers.size() != rounds.size()) {
        result.put(key, first);
      } else {
        // As many decimals as the rounds print.
        int decimals = first.contains(".") ? first.length() - first.indexOf('.') - 1 : 0;
        result.put(key, String.format(Locale.ROOT, "%." + decimals + "f", median(numbers)));
      }
    }
    result.put("rounds", Integer.toString(rounds.size()));
    return result;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static String ratioOf(Map<String, String> now, Map<String, String> old, String key) {
    try {
      return String.format(
          Locale.ROOT, "%.2f", Double.parseDouble(now.get(key)) / Double.parseDouble(old.get(key)));
    } catch (RuntimeException e) {
      return "?";
    }
  }

  private static boolean atLeast(
      Map<String, String> now, Map<String, String> old, String key, double limit) {
    try {
      return Double.parseDouble(now.get(key)) / Double.parseDouble(old.get(key)) >= limit;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean atMost(
      Map<String, String> now, Map<String, String> old, String key, double limit) {
    try {
      return Double.parseDouble(now.get(key)) / Double.parseDouble(old.get(key)) <= limit;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static String time(Result r) {
    return String.format(Locale.ROOT, "%.1f ± %.1f", r.score, r.error);
  }

  private static String rate(Result r) {
    double seconds = r.score / 1000.0; // ms per 100,000-call import
    double rate = ImportBenchmark.CALLS / seconds;
    double error = rate * r.error / r.score;
    return String.format(Locale.ROOT, "%,.0f ± %,.0f", rate, error);
  }

  private static String bytes(double b) {
    return Double.isNaN(b) ? "n/a" : String.format(Locale.ROOT, "%,.0f", b);
  }

  private static String ratio(double a, double b) {
    return String.format(Locale.ROOT, "%.2f", a / b);
  }

  private static long closureBytes(String closure) {
    long total = 0;
    for (String line : closure.split("\n")) {
      String[] parts = line.trim().split("\\s+");
      if (parts.length == 2 && parts[0].matches("[0-9]+") && !parts[1].equals("total"))
        total += Long.parseLong(parts[0]);
    }
    return total;
  }

  private static Map<String, String> keyValues(String line) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : line.trim().split("\\s+")) {
      int eq = pair.indexOf('=');
      if (eq > 0) values.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return values;
  }

  private static final String PACING_INTRO =
      "Imports through the SDK against the project's emulator, which enforces the documented Upload\n"
          + "limits (100 batches and 10,000 calls in any sliding hour, 10 batches in flight) and a Partner\n"
          + "limit of 60 requests in any sliding minute, counting only what it recorded. Both sides run on one\n"
          + "scaled clock (`PacingBenchmark`): the Upload hour lasts 36 s and the Partner minute 12 s. The\n"
          + "steady rate counts the calls after the first window's worth over the time from the first\n"
          + "submission to the last (the best possible client scores 1.000, less the time its first window's\n"
          + "batches take to go out); the window fill averages, from one window after the start on, how full\n"
          + "the window ending at each submission is. 429s are every HTTP 429 the client received.\n\n";

  private static final String SHARED_INTRO =
      "1, 2 and 4 forked JVMs import Upload calls into one account, each through its own client, all\n"
          + "paced by one `JdbcPacingStore` in an embedded PostgreSQL (`SharedPacingBenchmark`), against the\n"
          + "emulator with the documented Upload limits; the emulator, the replicas and the store run on one\n"
          + "scaled clock (an hour in 14.4 s). 429s are every HTTP 429 the emulator answered; window fill and\n"
          + "steady rate are the account's fraction of its ceiling, computed as in the section above from\n"
          + "the emulator's record of accepted batches; reserve median and p99 are the store's cost per\n"
          + "reservation (one `reserve` transaction, waits excluded) in milliseconds of real time, the median\n"
          + "averaged over the replicas and the p99 the worst replica's. Real time is the row's wall time.\n\n";

  /** {@return "Machine: ..." from machine.txt's cpu, nproc, memory and java lines, in one line} */
  private static String machineLine(String machine) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : machine.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) continue;
      String key = line.substring(0, colon).strip();
      if (!fields.containsKey(key)) fields.put(key, line.substring(colon + 1).strip());
    }
    return "Machine: "
        + fields.getOrDefault("cpu", "?")
        + ", "
        + fields.getOrDefault("nproc", "?")
        + " cores, "
        + fields.getOrDefault("memory", "?")
        + ", "
        + fields.getOrDefault("java", "?")
        + "; load before the whole run: "
        + fields.getOrDefault("load before", "?")
        + ".";
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file) : "(missing: " + file.getFileName() + ")";
  }
}
