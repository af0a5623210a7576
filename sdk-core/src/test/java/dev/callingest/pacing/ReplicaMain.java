package dev.callingest.pacing;

import dev.callingest.ClientEventListener;
import dev.callingest.ClientOptions;
import dev.callingest.bulk.BulkImporter;
import dev.callingest.bulk.CallOutcome;
import dev.callingest.bulk.ImportListener;
import dev.callingest.bulk.ImportReport;
import dev.callingest.bulk.JdbcKillResumeMain;
import dev.callingest.bulk.OutcomeKind;
import dev.callingest.pacing.PacingStore.Limit;
import dev.callingest.pacing.PacingStore.Request;
import dev.callingest.pacing.PacingStore.Reservation;
import dev.callingest.upload.UploadCall;
import dev.callingest.upload.UploadClient;
import dev.callingest.upload.UploadCredentials;
import dev.callingest.upload.UploadPacing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One replica, forked by {@link MultiProcessPacingTest}: either many threads reserving straight
 * from a shared {@link JdbcPacingStore} ({@code reserve}), or an Upload import through the SDK's
 * importer against the emulator ({@code import}). Prints one result line.
 */
public final class ReplicaMain {
  private ReplicaMain() {}

  static DataSource postgres(int port) {
    return new TinyPool(plainPostgres(port));
  }

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "reserve" ->
          reserve(
              Integer.parseInt(args[1]),
              args[2],
              Integer.parseInt(args[3]),
              Integer.parseInt(args[4]),
              Integer.parseInt(args[5]));
      case "import" -> importCalls(args);
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  /**
   * {@code threads} threads reserve from the store until the window is full; each holds its slot
   * for a moment, counting the holders in a row of the database. Prints how many were granted and
   * the most holders seen at once.
   */
  static void reserve(int port, String account, int threads, int perWindow, int maxInFlight)
      throws Exception {
    DataSource ds = postgres(port);
    JdbcPacingStore store = JdbcPacingStore.builder(ds).tablePrefix("contend").build();
    Request request =
        Request.first(
            1, List.of(Limit.of("batches", perWindow, Duration.ofHours(1), false)), maxInFlight);
    AtomicInteger granted = new AtomicInteger();
    AtomicInteger mostHolders = new AtomicInteger();
    AtomicLong waits = new AtomicLong();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker =
          new Thread(
              () -> {
                try (Connection c = ds.getConnection()) {
                  while (true) {
                    Reservation r = store.reserve(account, request);
                    if (!r.granted()) {
                      if (r.certain() && r.limit().orElse("").equals("batches"))
                        return; // window full
                      waits.incrementAndGet();
                      Thread.sleep(1);
                      continue;
                    }
                    granted.incrementAndGet();
                    mostHolders.accumulateAndGet(bump(c, 1), Math::max);
                    Thread.sleep(2);
                    bump(c, -1);
                    store.settle(account, r.entryId(), true);
                    store.freeSlot(account, r.slotId());
                  }
                } catch (Exception e) {
                  e.printStackTrace();
                  System.exit(3);
                }
              });
      worker.start();
      workers.add(worker);
    }
    for (Thread worker : workers) worker.join();
    System.out.println(
        "granted="
            + granted.get()
            + " mostHolders="
            + mostHolders.get()
            + " slotWaits="
            + waits.get());
  }

  private static int bump(Connection c, int by) throws Exception {
    try (PreparedStatement update =
        c.prepareStatement("UPDATE holders SET n = n + ? WHERE id = 1 RETURNING n")) {
      update.setInt(1, by);
      try (ResultSet rs = update.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /**
   * An Upload import of {@code calls} calls through the importer, paced through the shared store.
   * Args: import PORT BASE_URL ANCHOR_REAL_MILLIS ANCHOR_SCALED FACTOR CALLS ID_PREFIX LEASE, then
   * optionally JOURNAL_NAME OUTCOMES_FILE: the import journals in PostgreSQL under that name (see
   * {@link JdbcKillResumeMain#journal}) and writes every call's outcome to the file at its end.
   */
  static void importCalls(String[] args) throws Exception {
    int port = Integer.parseInt(args[1]);
    String baseUrl = args[2];
    EpochScaledTime time =
        new EpochScaledTime(
            Long.parseLong(args[3]), Instant.parse(args[4]), Double.parseDouble(args[5]));
    int calls = Integer.parseInt(args[6]);
    String idPrefix = args[7];
    Duration lease = Duration.parse(args[8]);
    AtomicInteger tooMany = new AtomicInteger();
    ClientEventListener counter =
        new ClientEventListener() {
          @Override
          public void responseReceived(
              dev.callingest.RequestEvent request, int statusCode, Duration elapsed) {
            if (statusCode == 429) tooMany.incrementAndGet();
          }
        };
    Map<String, CallOutcome> outcomes = new ConcurrentHashMap<>();
    try (UploadClient client = client(baseUrl, time, store(port, time, lease), counter)) {
      BulkImporter.Builder<UploadCall> importer =
          client.importer().batchSize(100).concurrency(4).waitForProcessing(true);
      if (args.length > 9) {
        importer
            .journal(JdbcKillResumeMain.journal(plainPostgres(port), args[9]))
            .listener(
                new ImportListener() {
                  @Override
                  public void onOutcome(CallOutcome outcome) {
                    outcomes.put(outcome.callId(), outcome);
                  }
                });
      }
      System.out.println("started");
      ImportReport report = importer.build().run(calls(idPrefix, calls));
      if (args.length > 10) writeOutcomes(outcomes.values(), Path.of(args[10]));
      System.out.println(
          "accepted="
              + (report.count(OutcomeKind.ACCEPTED)
                  + report.count(OutcomeKind.COMPLETED)
                  + report.count(OutcomeKind.PROCESSING_FAILED))
              + " failed="
              + report.count(OutcomeKind.FAILED)
              + " tooMany="
              + tooMany.get());
    }
  }

  /** The replicas' shared store: tables {@code replicas_*}, on the scaled clock. */
  static JdbcPacingStore store(int port, EpochScaledTime time, Duration lease) {
    return JdbcPacingStore.builder(postgres(port))
        .tablePrefix("replicas")
        .clock(time)
        .lease(lease)
        .renewalInterval(time.real(lease).dividedBy(4))
        .pollInterval(Duration.ofSeconds(20))
        .build();
  }

  /** A client of the account {@code replica-key}, paced through {@code store} on scaled time. */
  static UploadClient client(
      String baseUrl, EpochScaledTime time, JdbcPacingStore store, ClientEventListener listener) {
    return UploadClient.builder()
        .options(
            ClientOptions.builder()
                .baseUrl(baseUrl)
                .credentials(UploadCredentials.of("replica-key"))
                .clock(time)
                .sleeper(time)
                .eventListener(listener)
                .build())
        .pacing(UploadPacing.builder().store(store, "replica-key-id").build())
        .build();
  }

  /** An unpooled data source, as {@link JdbcKillResumeMain} journals with. */
  static DataSource plainPostgres(int port) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setServerNames(new String[] {"localhost"});
    ds.setPortNumbers(new int[] {port});
    ds.setDatabaseName("postgres");
    ds.setUser("postgres");
    return ds;
  }

  /** One line per call: id, kind, whether it is flagged as a possible duplicate. */
  static void writeOutcomes(Collection<CallOutcome> outcomes, Path file) throws Exception {
    List<String> lines = new ArrayList<>();
    for (CallOutcome o : outcomes) {
      lines.add(o.callId() + " " + o.kind() + " " + o.possibleDuplicate());
    }
    Files.write(file, lines);
  }

  static Iterator<UploadCall> calls(String prefix, int count) {
    return new Iterator<>() {
      int next;

      @Override
      public boolean hasNext() {
        return next < count;
      }

      @Override
      public UploadCall next() {
        int i = next++;
        return UploadCall.builder()
            .externalId(prefix + "-" + i)
            .audioUrl("https://recordings.example.com/" + prefix + "/call-" + i + ".mp3")
            .userEmail("rep" + (i % 40) + "@example.com")
            .callDate(Instant.parse("2026-01-10T10:00:00Z").plusSeconds(i))
            .build();
      }
    };
  }
}
