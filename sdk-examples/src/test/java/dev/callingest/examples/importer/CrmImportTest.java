package dev.callingest.examples.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.emulator.Emulator;
import dev.callingest.emulator.ReceivedBatch;
import dev.callingest.emulator.ReceivedCall;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrmImportTest {
  private static final String HEADER =
      "call_id,recording_url,agent_email,started_at,duration_seconds,contact_name,direction\n";
  private static final String CALL_1 =
      "call-1,https://recordings.example.com/1.mp3,rep@example.com,2025-01-15T14:30:00Z,350,\"Doe, Jane\",outbound\n";
  private static final String CALL_2 =
      "call-2,https://recordings.example.com/2.mp3,rep@example.com,2025-01-15T15:30:00+01:00,120,\"Said \"\"hi\"\"\",inbound\n";
  private static final String CSV =
      HEADER
          + CALL_1
          + CALL_2
          + "call-3,https://recordings.example.com/3.mp3,rep@example.com,yesterday,60,Bob,inbound\n"
          + "call-4,https://recordings.example.com/4.mp3,not-an-email,2025-01-15T14:30:00Z,60,Ann,inbound\n"
          + "call-5,https://recordings.example.com/5.mp3,rep@example.com,2025-01-15T14:30:00Z,sixty,Al,inbound\n"
          + "call-6,https://recordings.example.com/6.mp3,rep@example.com,2025-01-15T14:30:00Z\n"
          + "\n"
          + "call-7,https://recordings.example.com/7.mp3,rep@example.com,2025-01-15T14:30:00Z,,,\n";

  @TempDir Path dir;
  private Emulator emulator;
  private String out;
  private String err;

  @BeforeEach
  void startEmulator() {
    emulator =
        Emulator.builder()
            .allStages(Duration.ofMillis(5))
            .callbackDelay(Duration.ofMillis(5))
            .build()
            .start();
  }

  @AfterEach
  void stopEmulator() {
    emulator.close();
  }

  private int run(Map<String, String> env, String... args) {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    int status =
        CrmImport.run(
            args,
            env,
            new PrintStream(stdout, true, StandardCharsets.UTF_8),
            new PrintStream(stderr, true, StandardCharsets.UTF_8));
    out = stdout.toString(StandardCharsets.UTF_8);
    err = stderr.toString(StandardCharsets.UTF_8);
    return status;
  }

  private Map<String, String> uploadEnv() {
    return Map.of(
        "CALLINGEST_UPLOAD_BASE_URL",
        emulator.uploadBaseUrl(),
        "CALLINGEST_UPLOAD_API_KEY",
        emulator.uploadApiKey());
  }

  private Map<String, String> partnerEnv() {
    List<String> c = emulator.partnerCredentials();
    return Map.of(
        "CALLINGEST_PARTNER_BASE_URL",
        emulator.partnerBaseUrl(),
        "CALLINGEST_PARTNER_API_KEY",
        c.get(0),
        "CALLINGEST_PARTNER_API_SECRET",
        c.get(1),
        "CALLINGEST_PARTNER_TENANT_ID",
        c.get(2),
        "CALLINGEST_PARTNER_SUB_TENANT_ID",
        c.get(3));
  }

  private List<ReceivedCall> uploadedCalls() {
    List<ReceivedCall> calls = new ArrayList<>();
    for (ReceivedBatch batch : emulator.batches()) calls.addAll(batch.calls());
    return calls;
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  /** A line of the report's outcome counts. */
  private static String count(String label, long n) {
    return String.format("    %-18s %6d%n", label, n);
  }

  /** A line of the report's row counts. */
  private static String top(String label, long n) {
    return String.format("  %-20s %6d  ", label, n);
  }

  @Test
  void importsGoodRowsReportsBadOnesByLineAndRejectsInvalidCallsWithTheFieldPath()
      throws IOException {
    Path csv = write("calls.csv", CSV);

    assertThat(run(uploadEnv(), "--api=upload", csv.toString())).isEqualTo(1);

    assertThat(err)
        .contains(
            "line 4: started_at \"yesterday\" is not an ISO 8601 date-time with an offset, such as 2025-01-15T14:30:00Z")
        .contains("line 6: duration_seconds \"sixty\" is not a whole number")
        .contains("line 7: has 4 fields; the header has 7")
        .contains("call-4: rejected" + System.lineSeparator() + "    calls[0].user_email must be")
        .contains("7/7 rows")
        .doesNotContain("\r"); // not a terminal: plain lines, no redraws
    assertThat(out)
        .contains(top("rows read", 7) + "= bad rows + calls")
        .contains(top("bad rows", 3))
        .contains(top("calls", 4))
        .contains(count("accepted", 3))
        .contains(count("rejected", 1))
        .contains(count("skipped", 0))
        .contains(
            "  journal              "
                + dir.resolve("calls.csv.journal")
                + " (run the same command again to resume)");
    Map<String, Object> call1 = uploadedCalls().get(0).request();
    assertThat(uploadedCalls())
        .extracting(ReceivedCall::externalId)
        .containsExactly("call-1", "call-2", "call-7");
    assertThat(call1)
        .containsEntry("contact_name", "Doe, Jane")
        .containsEntry("direction", "outbound")
        .containsEntry("call_date", "2025-01-15T14:30:00Z");
    assertThat(uploadedCalls().get(1).request()).containsEntry("contact_name", "Said \"hi\"");
    assertThat(out + err).doesNotContain(emulator.uploadApiKey());
  }

  @Test
  void aRerunSkipsWhatWasAcceptedAndSendsNothingTwice() throws IOException {
    Path csv = write("calls.csv", CSV);
    run(uploadEnv(), csv.toString());

    assertThat(run(uploadEnv(), csv.toString())).isEqualTo(1);

    assertThat(out)
        .contains(count("skipped", 3))
        .contains(count("accepted", 0))
        .contains(count("rejected", 1))
        .contains(top("bad rows", 3));
    assertThat(uploadedCalls()).hasSize(3);
  }

  @Test
  void resumesAnInterruptedImportFromItsJournal() throws IOException {
    Path journal = dir.resolve("crm.journal");
    // The first run got through the first two calls only, as if it had been stopped there.
    Path partial = write("partial.csv", HEADER + CALL_1 + CALL_2);
    assertThat(run(uploadEnv(), "--journal", journal.toString(), partial.toString())).isEqualTo(0);
    Path full =
        write(
            "full.csv",
            HEADER
                + CALL_1
                + CALL_2
                + CALL_1.replace("call-1", "call-8")
                + CALL_2.replace("call-2", "call-9"));

    assertThat(run(uploadEnv(), "--journal", journal.toString(), "--batch-size=1", full.toString()))
        .isEqualTo(0);

    assertThat(out)
        .contains(count("skipped", 2))
        .contains(count("accepted", 2))
        .contains(top("bad rows", 0));
    assertThat(uploadedCalls())
        .extracting(ReceivedCall::externalId)
        .containsExactlyInAnyOrder("call-1", "call-2", "call-8", "call-9");
  }

  @Test
  void withPreflightADeadRecordingIsRefusedBeforeItCostsBudget() throws IOException {
    String good = emulator.audioUrl("good.wav");
    String dead = emulator.audioUrl("deleted.mp3");
    Path csv =
        write(
            "calls.csv",
            HEADER
                + "call-1,"
                + good
                + ",rep@example.com,2025-01-15T14:30:00Z,350,Ann,outbound\n"
                + "call-2,"
                + dead
                + ",rep@example.com,2025-01-15T14:30:00Z,120,Bob,inbound\n");

    assertThat(run(uploadEnv(), "--preflight", csv.toString())).isEqualTo(1);

    assertThat(err)
        .contains("call-2: rejected")
        .contains("preflight: the recording URL answered HTTP 404 (no such file)");
    assertThat(out)
        .contains(count("accepted", 1))
        .contains(count("rejected", 1))
        .contains(top("preflight refused", 1) + "refused by the recording preflight");
    assertThat(uploadedCalls()).extracting(ReceivedCall::externalId).containsExactly("call-1");
  }

  @Test
  void waitsForProcessingWhenAsked() throws IOException {
    Path csv = write("calls.csv", HEADER + CALL_1 + CALL_2);

    assertThat(run(uploadEnv(), "--wait", "--poll-ms=20", csv.toString())).isEqualTo(0);

    assertThat(out).contains(count("completed", 2)).contains(count("accepted", 0));
  }

  @Test
  void importsJsonLinesIntoThePartnerApiAndResumes() throws IOException {
    String good =
        "{\"call_id\":\"p-%d\",\"recording_url\":\"https://recordings.example.com/p.mp3\","
            + "\"started_at\":\"2025-01-15T15:30:00+01:00\",\"duration_seconds\":%d,\"contact_phone\":\"%s\","
            + "\"agent_id\":\"agent-1\",\"customer_id\":\"cust-%d\",\"contact_name\":null}\n";
    Path jsonl =
        write(
            "calls.jsonl",
            String.format(good, 1, 300, "+15551234567", 1)
                + "not json\n"
                + String.format(good, 2, 60, "12345", 2)
                + "\n"
                + String.format(good, 3, 90, "+15557654321", 3));

    assertThat(run(partnerEnv(), "--api=partner", jsonl.toString())).isEqualTo(1);

    assertThat(err)
        .contains("line 2: is not valid JSON")
        .contains("p-2: rejected")
        .containsPattern("data\\[0\\]\\.call\\.contact_number");
    assertThat(out)
        .contains(count("accepted", 2))
        .contains(count("rejected", 1))
        .contains(top("bad rows", 1));
    assertThat(emulator.partnerItems()).containsOnlyKeys("p-1", "p-3");
    @SuppressWarnings("unchecked")
    Map<String, Object> call =
        (Map<String, Object>) emulator.partnerItems().get("p-1").item().get("call");
    assertThat(call)
        .containsEntry("start_time", "2025-01-15T14:30:00Z")
        .containsEntry("end_time", "2025-01-15T14:35:00Z");

    assertThat(run(partnerEnv(), "--api=partner", jsonl.toString())).isEqualTo(1);
    assertThat(out).contains(count("skipped", 2)).contains(count("accepted", 0));
    assertThat(
            emulator.partnerItems().values().stream()
                .map(i -> i.submissions())
                .collect(Collectors.toList()))
        .containsExactly(1, 1);
  }

  @Test
  void runsAgainstItsOwnEmulatorWithoutKeys() throws IOException {
    Path csv = write("calls.csv", HEADER + CALL_1);

    assertThat(run(Map.of(), "--emulator", csv.toString())).isEqualTo(0);

    assertThat(err).contains("Started the local emulator");
    assertThat(out).contains(count("accepted", 1));
  }

  @Test
  void refusesAHeaderWithoutARequiredColumnOrMissingCredentials() throws IOException {
    Path csv =
        write(
            "calls.csv",
            "call_id,recording_url,started_at\nc,https://x.example/a.mp3,2025-01-15T14:30:00Z\n");

    assertThat(run(uploadEnv(), csv.toString())).isEqualTo(2);
    assertThat(err).contains("the CSV header has no column agent_email, which this API requires");

    assertThat(run(Map.of(), csv.toString())).isEqualTo(2);
    assertThat(err).contains("set CALLINGEST_UPLOAD_API_KEY (or --api-key), or use --emulator");
    assertThat(uploadedCalls()).isEmpty();
  }
}
