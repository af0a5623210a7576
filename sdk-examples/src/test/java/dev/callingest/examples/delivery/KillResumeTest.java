package dev.callingest.examples.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.ClientOptions;
import dev.callingest.bulk.CallOutcome;
import dev.callingest.bulk.ImportListener;
import dev.callingest.bulk.OutcomeKind;
import dev.callingest.emulator.Emulator;
import dev.callingest.emulator.Fault;
import dev.callingest.emulator.FaultInjection;
import dev.callingest.emulator.ReceivedBatch;
import dev.callingest.emulator.ReceivedCall;
import dev.callingest.upload.UploadClient;
import dev.callingest.upload.UploadCredentials;
import dev.callingest.upload.UploadPacing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An import in a forked JVM is killed while batches are on the wire; a rerun with its journal in
 * this JVM must settle every call truthfully against what the emulator received.
 */
class KillResumeTest {
  static final int CALLS = 400;

  @TempDir Path dir;

  @Test
  void aKilledImportResumesWithEveryCallOnTheServerAndEveryPossibleDuplicateFlagged()
      throws Exception {
    Path journal = dir.resolve("killed.journal");
    try (Emulator emulator =
        Emulator.builder()
            .faults(
                FaultInjection.builder()
                    .rate(Fault.SLOW, 0.5)
                    .slowDelay(Duration.ofMillis(300))
                    .seed(5)
                    .build())
            .uploadLimits(1_000_000, 100_000_000, 1_000_000)
            .allStages(Duration.ofMillis(1))
            .build()
            .start()) {
      String java = ProcessHandle.current().info().command().orElse("java");
      Process child =
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  KillResumeMain.class.getName(),
                  emulator.uploadBaseUrl(),
                  emulator.uploadApiKey(),
                  journal.toString(),
                  Integer.toString(CALLS))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("child.log").toFile())
              .start();
      // Kill it once a few batches were accepted and a submission is open (sent, no answer yet).
      long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (System.nanoTime() < waitUntil && child.isAlive()) {
        if (Files.exists(journal) && accepted(journal) >= 30 && lastLineIsOpen(journal)) break;
        Thread.sleep(5);
      }
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.readString(dir.resolve("child.log")))
          .doesNotContain("finished before it was killed");

      Set<String> openAtKill = openSubmissions(journal);
      long acceptedBefore = accepted(journal);
      assertThat(openAtKill).isNotEmpty();

      Map<String, CallOutcome> outcomes = new ConcurrentHashMap<>();
      try (UploadClient client =
          UploadClient.builder()
              .options(
                  ClientOptions.builder()
                      .baseUrl(emulator.uploadBaseUrl())
                      .credentials(UploadCredentials.of(emulator.uploadApiKey()))
                      .build())
              .pacing(UploadPacing.DISABLED)
              .build()) {
        client
            .importer()
            .waitForProcessing(false)
            .batchSize(10)
            .concurrency(2)
            .journal(journal)
            .listener(
                new ImportListener() {
                  @Override
                  public void onOutcome(CallOutcome outcome) {
                    assertThat(outcomes.put(outcome.callId(), outcome)).isNull();
                  }
                })
            .build()
            .run(IntStream.range(0, CALLS).mapToObj(DeliveryChaosTest::call));
      }

      Map<String, Integer> held = new HashMap<>();
      for (ReceivedBatch batch : emulator.batches()) {
        for (ReceivedCall call : batch.calls()) held.merge(call.externalId(), 1, Integer::sum);
      }
      ChaosFigures figures = ChaosFigures.check("upload kill and resume", CALLS, outcomes, held);
      assertThat(figures.notOnServer()).isZero();
      assertThat(outcomes.values().stream().filter(o -> o.kind() == OutcomeKind.SKIPPED).count())
          .isEqualTo(acceptedBefore);
      for (String id : openAtKill) {
        assertThat(outcomes.get(id).possibleDuplicate())
            .as(id + " was on the wire at the kill")
            .isTrue();
      }
    }
  }

  static long accepted(Path journal) throws Exception {
    return lines(journal).stream().filter(line -> line.startsWith("A\t")).count();
  }

  static boolean lastLineIsOpen(Path journal) throws Exception {
    List<String> lines = lines(journal);
    return !lines.isEmpty() && lines.get(lines.size() - 1).startsWith("P\t");
  }

  /** Ids whose last journal line is a submission with no answer. */
  static Set<String> openSubmissions(Path journal) throws Exception {
    Set<String> open = new HashSet<>();
    for (String line : lines(journal)) {
      String[] fields = line.split("\t");
      if (fields.length < 2 || line.startsWith("#")) continue;
      if (fields[0].equals("P")) open.add(fields[1]);
      else open.remove(fields[1]);
    }
    return open;
  }

  /** Complete lines only: the child may be killed in the middle of one. */
  static List<String> lines(Path journal) throws Exception {
    String content = new String(Files.readAllBytes(journal), StandardCharsets.UTF_8);
    int end = content.lastIndexOf('\n');
    return end < 0 ? List.of() : content.substring(0, end).lines().toList();
  }
}
