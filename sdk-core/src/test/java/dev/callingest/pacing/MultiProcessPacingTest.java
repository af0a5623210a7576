package dev.callingest.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.emulator.Emulator;
import dev.callingest.emulator.RequestRecord;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Several processes share one account through one PostgreSQL store: forked JVMs (see {@link
 * ReplicaMain}) reserving from many threads, and importing through the SDK against the emulator on
 * one scaled clock (an hour in 7.2 s, a strict emulator counting the documented limits).
 */
class MultiProcessPacingTest {
  private static final double FACTOR = 500; // an hour in 7.2 s
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration LEASE = Duration.ofMinutes(10); // 1.2 s real
  static EmbeddedPostgres postgres;

  @BeforeAll
  static void startPostgres() throws IOException {
    postgres = EmbeddedPostgres.start();
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    if (postgres != null) postgres.close();
  }

  static Process fork(String... args) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx256m",
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                ReplicaMain.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  /** Collects a process's output as it comes, completing when it has printed {@code started}. */
  static final class Output {
    final StringBuilder text = new StringBuilder();
    final CompletableFuture<Void> started = new CompletableFuture<>();
    final CompletableFuture<String> done = new CompletableFuture<>();

    Output(Process process) {
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = in.readLine()) != null) {
                    synchronized (text) {
                      text.append(line).append('\n');
                    }
                    if (line.equals("started")) started.complete(null);
                  }
                } catch (IOException e) {
                  // The process was killed.
                }
                synchronized (text) {
                  done.complete(text.toString());
                }
              });
      reader.setDaemon(true);
      reader.start();
    }
  }

  @Test
  void manyThreadsInThreeProcessesNeverExceedTheWindowOrTheSlots() throws Exception {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE holders (id INT PRIMARY KEY, n INT NOT NULL)");
      s.execute("INSERT INTO holders VALUES (1, 0)");
    }
    int perWindow = 120;
    int maxInFlight = 3;
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      processes.add(
          fork(
              "reserve",
              Integer.toString(postgres.getPort()),
              "upload:contended",
              "8",
              Integer.toString(perWindow),
              Integer.toString(maxInFlight)));
    }
    int granted = 0;
    int mostHolders = 0;
    Pattern result = Pattern.compile("granted=(\\d+) mostHolders=(\\d+) slotWaits=(\\d+)");
    for (Process process : processes) {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(output).isZero();
      Matcher m = result.matcher(output);
      assertThat(m.find()).as(output).isTrue();
      granted += Integer.parseInt(m.group(1));
      mostHolders = Math.max(mostHolders, Integer.parseInt(m.group(2)));
      assertThat(Integer.parseInt(m.group(1))).as(output).isPositive(); // every process took part
    }

    assertThat(granted).isEqualTo(perWindow); // not one more
    assertThat(mostHolders).isBetween(1, maxInFlight);
  }

  @Test
  void threeReplicasImportingTogetherReachTheAccountsCeilingWithoutA429() throws Exception {
    Run run = importWithReplicas("steady", 3, 10_000, false);

    assertThat(run.tooMany).as(run.outputs.toString()).isZero();
    assertThat(run.accepted).isEqualTo(300);
    System.out.printf(
        "three replicas: window fill %.3f, steady rate %.3f of the ceiling, 429s %d%n",
        run.windowFill(run.first), run.fraction(run.first), run.tooMany);
    assertThat(run.windowFill(run.first)).as(run.outputs.toString()).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void aKilledReplicasSlotsFreeWithinTheLeaseAndTheOthersReachTheCeilingAgain() throws Exception {
    Run run = importWithReplicas("kill", 3, 15_000, true);

    assertThat(run.tooMany).as(run.outputs.toString()).isZero();
    assertThat(run.killedAt).isNotNull();
    // Survivors finish their own imports; from one lease after the kill on, the account's ceiling
    // is reached again.
    assertThat(run.outputs.get(1)).contains("failed=0");
    assertThat(run.outputs.get(2)).contains("failed=0");
    System.out.printf(
        "after a kill: window fill %.3f from one lease after it, 429s %d%n",
        run.windowFill(run.killedAt.plus(LEASE)), run.tooMany);
    assertThat(run.windowFill(run.killedAt.plus(LEASE)))
        .as(run.outputs.toString())
        .isGreaterThanOrEqualTo(0.95);
  }

  private static final class Run {
    final List<String> outputs = new ArrayList<>();
    final List<Instant> accepts = new ArrayList<>();
    Instant first;
    Instant killedAt;
    int accepted;
    int tooMany;

    /**
     * The batches accepted after {@code from}, per window of time from {@code from} to the last, as
     * a fraction of 100 (the batches an hour); when {@code from} is the first acceptance the first
     * window's worth goes at once and is left out, as the pacing benchmark does.
     */
    /**
     * The account's use of its ceiling in the windows that end at each acceptance from one window
     * after {@code from} on (the batches the server accepted in that window, over the 100 an hour
     * allows), averaged: 1.0 when every such window was full.
     */
    double windowFill(Instant from) {
      double sum = 0;
      int windows = 0;
      for (Instant t : accepts) {
        if (t.isBefore(from.plus(HOUR))) continue;
        long in = accepts.stream().filter(a -> a.isAfter(t.minus(HOUR)) && !a.isAfter(t)).count();
        sum += in / 100.0;
        windows++;
      }
      assertThat(windows)
          .as("acceptances a window after the start of the measured span")
          .isPositive();
      return sum / windows;
    }

    double fraction(Instant from) {
      Instant last = accepts.get(accepts.size() - 1);
      long after = accepts.stream().filter(t -> t.isAfter(from)).count();
      if (from.equals(first)) after = accepts.size() - 100;
      double windows = Duration.between(from, last).toNanos() / (double) HOUR.toNanos();
      return after / windows / 100;
    }
  }

  private Run importWithReplicas(String name, int replicas, int callsEach, boolean kill)
      throws Exception {
    long anchor = System.currentTimeMillis();
    Instant scaledStart = Instant.parse("2026-01-15T00:00:00Z");
    EpochScaledTime time = new EpochScaledTime(anchor, scaledStart, FACTOR);
    Run run = new Run();
    try (Emulator emulator =
        Emulator.builder()
            .uploadApiKey("replica-key")
            .allStages(Duration.ofMillis(2))
            .clock(time)
            .build()
            .start()) {
      List<Process> processes = new ArrayList<>();
      List<Output> outputs = new ArrayList<>();
      for (int i = 0; i < replicas; i++) {
        Process p =
            fork(
                "import",
                Integer.toString(postgres.getPort()),
                emulator.uploadBaseUrl(),
                Long.toString(anchor),
                scaledStart.toString(),
                Double.toString(FACTOR),
                Integer.toString(callsEach),
                name + i,
                LEASE.toString());
        processes.add(p);
        outputs.add(new Output(p));
      }
      if (kill) {
        // Once 1.5 windows have been accepted, replica 0 dies holding whatever it holds.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (acceptedPosts(emulator).size() < 150 && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        processes.get(0).destroyForcibly(); // SIGKILL: no shutdown hook, no release
        run.killedAt = time.instant();
        processes.get(0).waitFor(20, TimeUnit.SECONDS);
      }
      for (int i = 0; i < replicas; i++) {
        Process p = processes.get(i);
        boolean ended = p.waitFor(90, TimeUnit.SECONDS);
        if (!ended) {
          String jstack =
              ProcessHandle.current()
                  .info()
                  .command()
                  .orElse("java")
                  .replace("bin/java", "bin/jstack");
          Process dump =
              new ProcessBuilder(jstack, Long.toString(p.pid())).redirectErrorStream(true).start();
          System.err.println(
              new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
          try (Connection c = postgres.getPostgresDatabase().getConnection();
              Statement s = c.createStatement();
              java.sql.ResultSet rs =
                  s.executeQuery(
                      "SELECT pid, state, wait_event_type,"
                          + " wait_event, xact_start, left(query, 120) FROM pg_stat_activity")) {
            while (rs.next()) {
              System.err.println(
                  "PGACT "
                      + rs.getInt(1)
                      + " "
                      + rs.getString(2)
                      + " "
                      + rs.getString(3)
                      + " "
                      + rs.getString(4)
                      + " "
                      + rs.getString(5)
                      + " "
                      + rs.getString(6));
            }
          }
          for (Process q : processes) q.destroyForcibly();
          synchronized (outputs.get(i).text) {
            StringBuilder all = new StringBuilder();
            for (Output o : outputs) all.append("---\n").append(o.text);
            assertThat(ended)
                .as(
                    "replica %d still running: %s; emulator accepted %d",
                    i, all, acceptedPosts(emulator).size())
                .isTrue();
          }
        }
        String output = outputs.get(i).done.get(20, TimeUnit.SECONDS);
        run.outputs.add(output);
        if (!(kill && i == 0)) assertThat(p.exitValue()).as(output).isZero();
      }
      for (RequestRecord r : emulator.requests()) if (r.status() == 429) run.tooMany++;
      run.accepts.addAll(acceptedPosts(emulator));
      run.accepts.sort(null);
      run.accepted = run.accepts.size();
      run.first = run.accepts.get(0);
    }
    return run;
  }

  static List<Instant> acceptedPosts(Emulator emulator) {
    List<Instant> accepted = new ArrayList<>();
    for (RequestRecord r : emulator.requests()) {
      if (r.method().equals("POST") && r.status() / 100 == 2) accepted.add(r.at());
    }
    return accepted;
  }
}
