package dev.callingest.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the {@link Emulator} standalone until interrupted (Ctrl-C), so that any client can be
 * pointed at it. Run with {@code --help} for the flags. Prints the base URLs and the credentials it
 * accepts.
 */
public final class EmulatorMain {
  private static final String USAGE =
      String.join(
          "\n",
          "Usage: EmulatorMain [--flag=value ...]",
          "  --port=N                  loopback port, 0 = any free one (default 8089)",
          "  --upload-key=KEY          Upload API key (default emulator-upload-key)",
          "  --partner-key=KEY         Partner x-api-key (default emulator-api-key)",
          "  --partner-secret=SECRET   Partner x-api-secret (default emulator-api-secret)",
          "  --tenant=ID               Partner x-tenant-id (default tenant1)",
          "  --sub-tenant=ID           Partner x-sub-tenant-id (default subtenant1)",
          "  --webhook-secret=whsec_.. sign callbacks (Standard Webhooks); default unsigned",
          "  --pending-ms=N --downloading-ms=N --transcribing-ms=N --analyzing-ms=N",
          "                            time each Upload call spends in a stage",
          "  --stage-ms=N              the same time for every stage",
          "  --stagger-ms=N            extra start delay per call index (default 0)",
          "  --processing-style        report in-flight calls as status=processing",
          "  --callback-delay-ms=N     Partner analysis delay before the callback (default 1000)",
          "  --callback-backoff-ms=N   first callback retry wait, doubling (default 1000)",
          "  --batches-per-hour=N --calls-per-hour=N --concurrent-batches=N   Upload limits",
          "  --partner-rpm=N           Partner requests per minute, 0 = unlimited (default 600)",
          "  --fault-500=F --fault-429=F --fault-drop=F --fault-drop-after=F --fault-slow=F",
          "                            fraction 0..1 of API requests given that fault",
          "  --slow-ms=N               delay of slow answers (default 2000)",
          "  --seed=N                  seed of the fault draws (default 0)",
          "  --help                    print this text");

  private EmulatorMain() {}

  /**
   * Starts the emulator and blocks until the JVM is stopped.
   *
   * @param args flags of the form {@code --name=value}; {@code --help} lists them
   * @throws InterruptedException when interrupted while running
   */
  public static void main(String[] args) throws InterruptedException {
    Map<String, String> flags;
    Emulator emulator;
    try {
      flags = parse(args);
      if (flags.containsKey("help")) {
        System.out.println(USAGE);
        return;
      }
      emulator = configure(flags).build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    emulator.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  emulator.close();
                  stopped.countDown();
                },
                "callingest-emulator-shutdown"));
    System.out.println(describe(emulator));
    stopped.await();
  }

  /** Turns {@code --name=value} and {@code --flag} arguments into a map. */
  static Map<String, String> parse(String[] args) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument: " + arg);
      }
      int eq = arg.indexOf('=');
      flags.put(
          eq < 0 ? arg.substring(2) : arg.substring(2, eq),
          eq < 0 ? "true" : arg.substring(eq + 1));
    }
    return flags;
  }

  /** Applies the flags to a builder; unknown flags and bad numbers are errors. */
  static Emulator.Builder configure(Map<String, String> flags) {
    Map<String, String> f = new LinkedHashMap<>(flags);
    Emulator.Builder b = Emulator.builder().port(Integer.parseInt(f.getOrDefault("port", "8089")));
    f.remove("port");
    if (f.containsKey("upload-key")) {
      b.uploadApiKey(f.remove("upload-key"));
    }
    b.partnerCredentials(
        orDefault(f, "partner-key", "emulator-api-key"),
        orDefault(f, "partner-secret", "emulator-api-secret"),
        orDefault(f, "tenant", "tenant1"),
        orDefault(f, "sub-tenant", "subtenant1"));
    if (f.containsKey("webhook-secret")) {
      b.webhookSecret(f.remove("webhook-secret"));
    }
    if (f.containsKey("stage-ms")) {
      b.allStages(millis(f.remove("stage-ms")));
    }
    for (UploadStage stage : UploadStage.values()) {
      String name = stage.wireValue() + "-ms";
      if (f.containsKey(name)) {
        b.stageDuration(stage, millis(f.remove(name)));
      }
    }
    if (f.containsKey("stagger-ms")) {
      b.callStagger(millis(f.remove("stagger-ms")));
    }
    if (f.remove("processing-style") != null) {
      b.reportInFlightCallsAsProcessing(true);
    }
    if (f.containsKey("callback-delay-ms")) {
      b.callbackDelay(millis(f.remove("callback-delay-ms")));
    }
    if (f.containsKey("callback-backoff-ms")) {
      b.callbackRetryBackoff(millis(f.remove("callback-backoff-ms")));
    }
    b.uploadLimits(
        Integer.parseInt(orDefault(f, "batches-per-hour", "100")),
        Integer.parseInt(orDefault(f, "calls-per-hour", "10000")),
        Integer.parseInt(orDefault(f, "concurrent-batches", "10")));
    b.partnerRequestsPerMinute(Integer.parseInt(orDefault(f, "partner-rpm", "600")));
    FaultInjection.Builder faults =
        FaultInjection.builder()
            .seed(Long.parseLong(orDefault(f, "seed", "0")))
            .slowDelay(millis(orDefault(f, "slow-ms", "2000")))
            .rate(Fault.SERVER_ERROR, Double.parseDouble(orDefault(f, "fault-500", "0")))
            .rate(Fault.RATE_LIMITED, Double.parseDouble(orDefault(f, "fault-429", "0")))
            .rate(Fault.DROP_CONNECTION, Double.parseDouble(orDefault(f, "fault-drop", "0")))
            .rate(
                Fault.DROP_AFTER_PROCESSING,
                Double.parseDouble(orDefault(f, "fault-drop-after", "0")))
            .rate(Fault.SLOW, Double.parseDouble(orDefault(f, "fault-slow", "0")));
    b.faults(faults.build());
    if (!f.isEmpty()) {
      throw new IllegalArgumentException("unknown flag(s): --" + String.join(", --", f.keySet()));
    }
    return b;
  }

  /** The banner printed at start: base URLs and accepted credentials. */
  static String describe(Emulator emulator) {
    List<String> partner = emulator.partnerCredentials();
    List<String> lines =
        new ArrayList<>(
            List.of(
                "callingest emulator listening on " + emulator.uploadBaseUrl(),
                "",
                "Upload API   base URL " + emulator.uploadBaseUrl(),
                "             Authorization: Bearer " + emulator.uploadApiKey(),
                "Partner API  base URL " + emulator.partnerBaseUrl(),
                "             x-api-key: " + partner.get(0),
                "             x-api-secret: " + partner.get(1),
                "             x-tenant-id: " + partner.get(2),
                "             x-sub-tenant-id: " + partner.get(3),
                "Callbacks    "
                    + emulator
                        .webhookSecret()
                        .map(s -> "signed (Standard Webhooks) with " + s)
                        .orElse("unsigned"),
                "Audio        " + emulator.audioUrl("any-name.wav") + " serves a 1 s WAV tone",
                "",
                "Press Ctrl-C to stop."));
    return String.join("\n", lines);
  }

  private static String orDefault(Map<String, String> flags, String name, String fallback) {
    String value = flags.remove(name);
    return value == null ? fallback : value;
  }

  private static Duration millis(String value) {
    return Duration.ofMillis(Long.parseLong(value));
  }
}
