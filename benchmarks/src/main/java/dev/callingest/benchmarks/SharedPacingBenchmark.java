package dev.callingest.benchmarks;

import dev.callingest.ClientEventListener;
import dev.callingest.ClientOptions;
import dev.callingest.RequestEvent;
import dev.callingest.Sleeper;
import dev.callingest.bulk.ImportReport;
import dev.callingest.bulk.OutcomeKind;
import dev.callingest.emulator.Emulator;
import dev.callingest.emulator.RequestRecord;
import dev.callingest.internal.PacerSleeper;
import dev.callingest.pacing.JdbcPacingStore;
import dev.callingest.pacing.PacingStore;
import dev.callingest.upload.UploadCall;
import dev.callingest.upload.UploadClient;
import dev.callingest.upload.UploadCredentials;
import dev.callingest.upload.UploadPacing;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Several processes sharing one account through one PostgreSQL pacing store ({@link
 * JdbcPacingStore}): 1, 2 and 4 forked JVMs import Upload calls with the importer against the
 * emulator, which enforces the documented limits. The emulator, every replica and the store run on
 * one scaled clock anchored on the wall clock (an hour in 14.4 s), so the processes agree on time.
 *
 * <p>Per row: the HTTP 429s the emulator answered, the window fill (at each acceptance from one
 * window after the first on, the batches accepted in the window ending there over the 100 an hour
 * allows, averaged), the steady rate as {@link PacingBenchmark} computes it, and the store's cost
 * per reservation ({@code reserve} as each replica timed it: median and p99, in milliseconds of
 * real time, waits excluded).
 *
 * <p>Usage: {@code SharedPacingBenchmark OUTPUT.md [--quick|--smoke]}; quick imports 2 windows'
 * worth (smoke 1) instead of 3 and runs 1 and 2 processes only.
 */
public final class SharedPacingBenchmark {
  private static final double SCALE = 250; // an hour in 14.4 s
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration LEASE = Duration.ofMinutes(10);

  private SharedPacingBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args[0].equals("replica")) {
      replica(args);
      return;
    }
    Path output = Path.of(args[0]);
    boolean smoke = args.length > 1 && args[1].equals("--smoke");
    boolean quick = smoke || (args.length > 1 && args[1].equals("--quick"));
    // --smoke only proves the step runs (CI): one window, one and two processes.
    int windows = smoke ? 1 : quick ? 2 : 3;
    String loadBefore = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    StringBuilder md = new StringBuilder();
    md.append(
        "| processes | batches | 429s | window fill | steady rate | reserve median | reserve p99"
            + " | real time |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
      for (int processes : quick ? new int[] {1, 2} : new int[] {1, 2, 4}) {
        md.append(row(postgres.getPort(), processes, windows)).append('\n');
        System.out.print(md);
      }
    }
    md.append(
        String.format(
            Locale.ROOT,
            "%nLoad average (1 min) before: %s, after: %s, on %d cores.%n",
            loadBefore,
            Files.readString(Path.of("/proc/loadavg")).split(" ")[0],
            Runtime.getRuntime().availableProcessors()));
    System.out.print(md);
    Files.writeString(output, md.toString(), StandardCharsets.UTF_8);
  }

  private static String row(int port, int processes, int windows) throws Exception {
    long anchor = System.currentTimeMillis();
    Instant scaledStart = Instant.parse("2026-01-15T00:00:00Z");
    EpochTime time = new EpochTime(anchor, scaledStart, SCALE);
    int callsEach = windows * 10_000 / processes;
    String prefix = "p" + processes + "_" + anchor;
    long started = System.nanoTime();
    List<Double> medians = new ArrayList<>();
    List<Double> p99s = new ArrayList<>();
    List<Instant> accepts = new ArrayList<>();
    int tooMany = 0;
    try (Emulator emulator =
        Emulator.builder()
            .uploadApiKey("bench-key")
            .allStages(Duration.ofMillis(2))
            .clock(time)
            .build()
            .start()) {
      List<Process> forked = new ArrayList<>();
      String java = ProcessHandle.current().info().command().orElse("java");
      for (int i = 0; i < processes; i++) {
        forked.add(
            new ProcessBuilder(
                    java,
                    "-Xmx256m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    SharedPacingBenchmark.class.getName(),
                    "replica",
                    Integer.toString(port),
                    emulator.uploadBaseUrl(),
                    Long.toString(anchor),
                    scaledStart.toString(),
                    Integer.toString(callsEach),
                    prefix + "_" + i)
                .redirectErrorStream(true)
                .start());
      }
      Pattern result = Pattern.compile("median=([0-9.]+) p99=([0-9.]+)");
      for (Process p : forked) {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
          throw new IllegalStateException("replica failed: " + out);
        }
        Matcher m = result.matcher(out);
        if (!m.find()) throw new IllegalStateException("no result: " + out);
        medians.add(Double.parseDouble(m.group(1)));
        p99s.add(Double.parseDouble(m.group(2)));
      }
      for (RequestRecord r : emulator.requests()) {
        if (r.status() == 429) tooMany++;
        if (r.method().equals("POST") && r.status() / 100 == 2) accepts.add(r.at());
      }
    }
    accepts.sort(null);
    double realSeconds = (System.nanoTime() - started) / 1e9;
    Instant first = accepts.get(0);
    Instant last = accepts.get(accepts.size() - 1);
    double fill = 0;
    int fills = 0;
    for (Instant t : accepts) {
      if (t.isBefore(first.plus(HOUR))) continue;
      long in = accepts.stream().filter(a -> a.isAfter(t.minus(HOUR)) && !a.isAfter(t)).count();
      fill += in / 100.0;
      fills++;
    }
    double steady =
        (accepts.size() - 100)
            / (Duration.between(first, last).toNanos() / (double) HOUR.toNanos())
            / 100;
    return String.format(
        Locale.ROOT,
        "| %d | %d | %d | %.3f | %.3f | %.1f ms | %.1f ms | %.1f s |",
        processes,
        accepts.size(),
        tooMany,
        fills == 0 ? Double.NaN : fill / fills,
        steady,
        medians.stream().mapToDouble(d -> d).average().orElse(Double.NaN),
        p99s.stream().mapToDouble(d -> d).max().orElse(Double.NaN),
        realSeconds);
  }

  /** One replica: imports its calls through a client paced by the shared store; prints timings. */
  private static void replica(String[] args) throws Exception {
    int port = Integer.parseInt(args[1]);
    EpochTime time = new EpochTime(Long.parseLong(args[3]), Instant.parse(args[4]), SCALE);
    int calls = Integer.parseInt(args[5]);
    String prefix = args[6];
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setServerNames(new String[] {"localhost"});
    ds.setPortNumbers(new int[] {port});
    ds.setDatabaseName("postgres");
    ds.setUser("postgres");
    JdbcPacingStore jdbc =
        JdbcPacingStore.builder(new Pool(ds))
            .tablePrefix("bench")
            .clock(time)
            .lease(LEASE)
            .renewalInterval(time.real(LEASE).dividedBy(4))
            .pollInterval(Duration.ofSeconds(20))
            .build();
    Timed store = new Timed(jdbc);
    AtomicInteger tooMany = new AtomicInteger();
    ClientEventListener counter =
        new ClientEventListener() {
          @Override
          public void responseReceived(RequestEvent request, int statusCode, Duration elapsed) {
            if (statusCode == 429) tooMany.incrementAndGet();
          }
        };
    try (UploadClient client =
        UploadClient.builder()
            .options(
                ClientOptions.builder()
                    .baseUrl(args[2])
                    .credentials(UploadCredentials.of("bench-key"))
                    .clock(time)
                    .sleeper(time)
                    .eventListener(counter)
                    .build())
            .pacing(UploadPacing.builder().store(store, "bench-key-id").build())
            .build()) {
      ImportReport report =
          client
              .importer()
              .batchSize(100)
              .concurrency(4)
              .waitForProcessing(true)
              .build()
              .run(
                  new Iterator<>() {
                    int next;

                    @Override
                    public boolean hasNext() {
                      return next < calls;
                    }

                    @Override
                    public UploadCall next() {
                      int i = next++;
                      return UploadCall.builder()
                          .externalId(prefix + "-" + i)
                          .audioUrl(
                              "https://recordings.example.com/" + prefix + "/call-" + i + ".mp3")
                          .userEmail("rep" + (i % 40) + "@example.com")
                          .callDate(Instant.parse("2026-01-10T10:00:00Z").plusSeconds(i))
                          .build();
                    }
                  });
      List<Double> ms = new ArrayList<>(store.reserveMillis);
      ms.sort(null);
      System.out.printf(
          Locale.ROOT,
          "accepted=%d tooMany=%d reservations=%d median=%.2f p99=%.2f%n",
          report.count(OutcomeKind.ACCEPTED) + report.count(OutcomeKind.COMPLETED),
          tooMany.get(),
          ms.size(),
          ms.get(ms.size() / 2),
          ms.get(Math.min(ms.size() - 1, (int) Math.ceil(ms.size() * 0.99) - 1)));
    }
  }

  /** Times every {@code reserve}; the rest goes straight through. */
  private static final class Timed implements PacingStore {
    final PacingStore store;
    final ConcurrentLinkedQueue<Double> reserveMillis = new ConcurrentLinkedQueue<>();

    Timed(PacingStore store) {
      this.store = store;
    }

    @Override
    public Reservation reserve(String account, Request request) {
      long start = System.nanoTime();
      try {
        return store.reserve(account, request);
      } finally {
        reserveMillis.add((System.nanoTime() - start) / 1e6);
      }
    }

    @Override
    public void settle(String account, long entryId, boolean counts) {
      store.settle(account, entryId, counts);
    }

    @Override
    public void count(String account, int weight) {
      store.count(account, weight);
    }

    @Override
    public void keepSlot(String account, long slotId, Duration heldFor, String batchId) {
      store.keepSlot(account, slotId, heldFor, batchId);
    }

    @Override
    public void holdSlot(String account, Duration heldFor) {
      store.holdSlot(account, heldFor);
    }

    @Override
    public void freeSlot(String account, long slotId) {
      store.freeSlot(account, slotId);
    }

    @Override
    public boolean finished(String account, String batchId) {
      return store.finished(account, batchId);
    }

    @Override
    public void renew(String account, Collection<Long> ids) {
      store.renew(account, ids);
    }

    @Override
    public void serverBusy(String account, Duration retryAfter) {
      store.serverBusy(account, retryAfter);
    }

    @Override
    public long used(String account, Limit limit) {
      return store.used(account, limit);
    }

    @Override
    public int inFlight(String account) {
      return store.inFlight(account);
    }

    @Override
    public Optional<Duration> pollInterval() {
      return store.pollInterval();
    }

    @Override
    public Optional<Duration> renewalInterval() {
      return store.renewalInterval();
    }
  }

  /** A clock {@code factor} times faster than the wall clock, the same in every process. */
  static final class EpochTime extends Clock implements Sleeper, PacerSleeper {
    private final long anchorMillis;
    private final Instant anchorScaled;
    private final double factor;

    EpochTime(long anchorMillis, Instant anchorScaled, double factor) {
      this.anchorMillis = anchorMillis;
      this.anchorScaled = anchorScaled;
      this.factor = factor;
    }

    @Override
    public Instant instant() {
      long realNanos =
          Duration.between(Instant.ofEpochMilli(anchorMillis), Clock.systemUTC().instant())
              .toNanos();
      return anchorScaled.plusNanos((long) (realNanos * factor));
    }

    Duration real(Duration scaled) {
      return Duration.ofNanos((long) (scaled.toNanos() / factor));
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
      Sleeper.SYSTEM.sleep(real(duration));
    }

    @Override
    public void await(Duration duration, Wakeup wakeup) throws InterruptedException {
      if (!duration.isNegative() && !duration.isZero()) wakeup.await(real(duration));
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /** The smallest connection pool: connections opened once and handed back on close. */
  private static final class Pool implements DataSource {
    private final DataSource target;
    private final BlockingQueue<Connection> idle = new LinkedBlockingQueue<>();

    Pool(DataSource target) {
      this.target = target;
    }

    @Override
    public Connection getConnection() throws SQLException {
      Connection real = idle.poll();
      if (real == null || real.isClosed()) real = target.getConnection();
      Connection pooled = real;
      return (Connection)
          Proxy.newProxyInstance(
              Connection.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, args) -> {
                if (method.getName().equals("close")) {
                  if (!pooled.getAutoCommit()) {
                    pooled.rollback();
                    pooled.setAutoCommit(true);
                  }
                  idle.offer(pooled);
                  return null;
                }
                try {
                  return method.invoke(pooled, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
