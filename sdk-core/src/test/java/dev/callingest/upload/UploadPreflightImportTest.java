package dev.callingest.upload;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonAdapter;
import dev.callingest.ClientOptions;
import dev.callingest.FakeTime;
import dev.callingest.bulk.CallOutcome;
import dev.callingest.bulk.ImportListener;
import dev.callingest.bulk.ImportReport;
import dev.callingest.bulk.OutcomeKind;
import dev.callingest.internal.Json;
import dev.callingest.preflight.AudioFiles;
import dev.callingest.preflight.PreflightOptions;
import dev.callingest.preflight.PreflightResult;
import dev.callingest.preflight.RecordingServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadPreflightImportTest {
  static final JsonAdapter<Object> JSON = Json.MOSHI.adapter(Object.class);
  static final String SIGNATURE = "5ec2e7aaaabbbbccccddddeeeeffff00001111222233334444555566667777";

  @StartStop final MockWebServer api = new MockWebServer();
  @StartStop final MockWebServer recordings = new MockWebServer();
  final RecordingServer host = new RecordingServer();
  final FakeTime time = new FakeTime(Instant.parse("2026-01-15T10:00:00Z"));
  final List<CallOutcome> outcomes = new CopyOnWriteArrayList<>();
  final List<String> logged = new CopyOnWriteArrayList<>();
  final Logger sdkLogger = Logger.getLogger("dev.callingest");
  final Handler logCapture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          logged.add(record.getMessage() + " " + record.getThrown());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  final ImportListener recorder =
      new ImportListener() {
        @Override
        public void onOutcome(CallOutcome outcome) {
          outcomes.add(outcome);
        }
      };
  final UploadApi upload = new UploadApi();

  /** Accepts every batch and notes, on the fake clock, when each arrived with which calls. */
  final class UploadApi extends Dispatcher {
    final List<Instant> submittedAt = new CopyOnWriteArrayList<>();
    final List<List<String>> batches = new CopyOnWriteArrayList<>();
    final AtomicInteger counter = new AtomicInteger();

    @Override
    @SuppressWarnings("unchecked")
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
      List<String> ids;
      try {
        Map<String, Object> body = (Map<String, Object>) JSON.fromJson(request.getBody().utf8());
        ids =
            ((List<Map<String, Object>>) body.get("calls"))
                .stream().map(c -> (String) c.get("external_id")).collect(Collectors.toList());
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      submittedAt.add(time.instant());
      batches.add(ids);
      return new MockResponse.Builder()
          .code(200)
          .body(
              "{\"success\":true,\"batch_id\":\"b"
                  + counter.incrementAndGet()
                  + "\",\"calls_submitted\":"
                  + ids.size()
                  + ",\"status\":\"processing\"}")
          .build();
    }

    List<String> sentIds() {
      List<String> all = new ArrayList<>();
      batches.forEach(all::addAll);
      return all;
    }
  }

  @BeforeEach
  void setUp() {
    api.setDispatcher(upload);
    recordings.setDispatcher(host);
    sdkLogger.addHandler(logCapture);
    sdkLogger.setLevel(Level.ALL);
  }

  @AfterEach
  void tearDown() {
    sdkLogger.removeHandler(logCapture);
    sdkLogger.setLevel(null);
  }

  UploadClient client(UploadPacing pacing) {
    return UploadClient.builder()
        .options(
            ClientOptions.builder()
                .baseUrl(api.url("/"))
                .credentials(UploadCredentials.of("test-key"))
                .clock(time)
                .sleeper(time)
                .build())
        .pacing(pacing)
        .build();
  }

  UploadCall call(String id, String audioUrl) {
    return UploadCall.builder()
        .externalId(id)
        .audioUrl(audioUrl)
        .userEmail("rep@example.com")
        .callDate(Instant.parse("2025-06-01T08:00:00Z"))
        .build();
  }

  String recording(String path) {
    return recordings.url(path).toString();
  }

  @Test
  void refusesCallsWhoseRecordingCannotBeFetchedAndSendsTheRest() {
    host.files.put("/ok.mp3", AudioFiles.mp3());
    host.files.put("/ok.wav", AudioFiles.wav());
    host.files.put("/login.html", AudioFiles.html());
    List<UploadCall> calls =
        List.of(
            call("c1", recording("/ok.mp3")),
            call("c2", recording("/missing.mp3")),
            call("c3", recording("/ok.wav")),
            call("c4", recording("/login.html")),
            call("c5", "s3://bucket/calls/c5.mp3"),
            call("c6", "ftp://bad.example/c6.mp3")); // invalid: the validator's reason, not the
    // preflight's

    ImportReport report;
    try (UploadClient client = client(UploadPacing.DISABLED)) {
      report =
          client
              .importer()
              .waitForProcessing(false)
              .preflight(PreflightOptions.DEFAULT)
              .listener(recorder)
              .build()
              .run(calls.iterator());
    }

    assertThat(report.read()).isEqualTo(6);
    assertThat(report.accepted()).isEqualTo(3);
    assertThat(report.rejected()).isEqualTo(3);
    assertThat(report.preflightRefused()).isEqualTo(2);
    assertThat(report.toString()).contains("preflightRefused=2");
    assertThat(upload.sentIds()).containsExactly("c1", "c3", "c5");
    assertThat(reasonOf("c2"))
        .isEqualTo("preflight: the recording URL answered HTTP 404 (no such file)");
    assertThat(reasonOf("c4"))
        .isEqualTo(
            "preflight: the recording URL serves an HTML page, not MP3, WAV,"
                + " M4A or AAC audio (content type text/html)");
    assertThat(reasonOf("c6")).doesNotStartWith("preflight:");
  }

  @Test
  void thePreflightUsesTheClientsHttpStack() throws Exception {
    host.files.put("/ok.mp3", AudioFiles.mp3());
    // The user's OkHttpClient: an interceptor (as a corporate proxy's header would be) and a pool.
    okhttp3.OkHttpClient corporate =
        new okhttp3.OkHttpClient.Builder()
            .addInterceptor(
                chain ->
                    chain.proceed(
                        chain
                            .request()
                            .newBuilder()
                            .header("X-Corporate-Egress", "granted")
                            .build()))
            .build();
    ClientOptions options =
        ClientOptions.builder()
            .baseUrl(api.url("/"))
            .credentials(UploadCredentials.of("test-key"))
            .clock(time)
            .sleeper(time)
            .okHttpClient(corporate)
            .build();

    try (UploadClient client =
        UploadClient.builder().options(options).pacing(UploadPacing.DISABLED).build()) {
      ImportReport report =
          client
              .importer()
              .waitForProcessing(false)
              .preflight(PreflightOptions.DEFAULT)
              .listener(recorder)
              .build()
              .run(List.of(call("c1", recording("/ok.mp3"))).iterator());
      assertThat(report.accepted()).isEqualTo(1);
      assertThat(client.preflight(call("c2", recording("/ok.mp3"))).passed()).isTrue();
    }

    List<mockwebserver3.RecordedRequest> checks = new ArrayList<>();
    for (int i = 0; i < 4; i++) checks.add(recordings.takeRequest());
    assertThat(checks)
        .extracting(mockwebserver3.RecordedRequest::getMethod)
        .containsExactly("HEAD", "GET", "HEAD", "GET");
    assertThat(checks)
        .allSatisfy(r -> assertThat(r.getHeaders().get("X-Corporate-Egress")).isEqualTo("granted"));
    // Its connections to the recording host were pooled in the user's pool, which the client's
    // close() left open.
    assertThat(corporate.connectionPool().connectionCount()).isPositive();
  }

  @Test
  void withoutPreflightNoRecordingIsFetched() {
    try (UploadClient client = client(UploadPacing.DISABLED)) {
      ImportReport report =
          client
              .importer()
              .waitForProcessing(false)
              .listener(recorder)
              .build()
              .run(List.of(call("c1", recording("/missing.mp3"))).iterator());
      assertThat(report.accepted()).isEqualTo(1);
      assertThat(report.preflightRefused()).isZero();
    }
    assertThat(host.requests).isEmpty();
  }

  @Test
  void refusesAPresignedUrlThatExpiresBeforeItsBatchGoesUnderPacing(@TempDir Path dir)
      throws IOException {
    host.files.put("/signed.mp3", AudioFiles.mp3());
    // Signed at 10:00 for 2 h 10 min. Two calls a batch, one batch an hour: calls 1-2 go at 10:00,
    // 3-4 at 11:00, 5-6 at 12:00, which is too late (12:00 + 30 min of processing > 12:10).
    String signed =
        recording("/signed.mp3")
            + "?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Date=20260115T100000Z&X-Amz-Expires=7800&X-Amz-SignedHeaders=host"
            + "&X-Amz-Signature="
            + SIGNATURE;
    List<UploadCall> calls = new ArrayList<>();
    for (int i = 1; i <= 6; i++) calls.add(call("c" + i, signed));
    UploadPacing pacing =
        UploadPacing.builder()
            .batchesPerHour(1)
            .callsPerHour(100)
            .maxWait(Duration.ofHours(3))
            .build();
    Path journal = dir.resolve("import.journal");

    ImportReport report;
    try (UploadClient client = client(pacing)) {
      report =
          client
              .importer()
              .waitForProcessing(false)
              .batchSize(2)
              .concurrency(1)
              .journal(journal)
              .preflight(PreflightOptions.DEFAULT)
              .listener(recorder)
              .build()
              .run(calls.iterator());
    }

    assertThat(report.accepted()).isEqualTo(4);
    assertThat(report.preflightRefused()).isEqualTo(2);
    assertThat(upload.sentIds()).containsExactly("c1", "c2", "c3", "c4");
    assertThat(upload.submittedAt)
        .containsExactly(
            Instant.parse("2026-01-15T10:00:00Z"), Instant.parse("2026-01-15T11:00:00Z"));
    assertThat(reasonOf("c5"))
        .isEqualTo(
            "preflight: the presigned recording URL expires at"
                + " 2026-01-15T12:10:00Z, before the call is sent (estimated 2026-01-15T12:00:00Z) and processed"
                + " (allowing 30 min)");
    assertThat(reasonOf("c6")).startsWith("preflight: the presigned recording URL expires at");
    // The signature reached the recording host, which needs it, and nothing else.
    assertThat(host.requests).allMatch(r -> r.contains(SIGNATURE));
    String written = Files.readString(journal);
    assertThat(written).contains("c5").doesNotContain(SIGNATURE).doesNotContain("X-Amz");
    assertThat(outcomes).allSatisfy(o -> assertThat(o.toString()).doesNotContain(SIGNATURE));
    assertThat(String.join("\n", logged)).doesNotContain(SIGNATURE).doesNotContain("X-Amz");
  }

  @Test
  void aResumedImportDoesNotFetchTheRecordingsOfCallsAlreadyAccepted(@TempDir Path dir) {
    host.files.put("/1.mp3", AudioFiles.mp3());
    host.files.put("/2.mp3", AudioFiles.mp3());
    host.files.put("/3.mp3", AudioFiles.mp3());
    Path journal = dir.resolve("import.journal");

    try (UploadClient client = client(UploadPacing.DISABLED)) {
      client
          .importer()
          .waitForProcessing(false)
          .journal(journal)
          .preflight(PreflightOptions.DEFAULT)
          .build()
          .run(
              List.of(call("c1", recording("/1.mp3")), call("c2", recording("/2.mp3"))).iterator());
      host.requests.clear();
      ImportReport rerun =
          client
              .importer()
              .waitForProcessing(false)
              .journal(journal)
              .preflight(PreflightOptions.DEFAULT)
              .build()
              .run(
                  List.of(
                          call("c1", recording("/1.mp3")),
                          call("c2", recording("/2.mp3")),
                          call("c3", recording("/3.mp3")))
                      .iterator());

      assertThat(rerun.count(OutcomeKind.SKIPPED)).isEqualTo(2);
      assertThat(rerun.accepted()).isEqualTo(1);
    }
    assertThat(host.requests).containsExactly("HEAD /3.mp3", "GET /3.mp3");
  }

  @Test
  void aLongerProcessingAllowanceRefusesEarlier() {
    host.files.put("/signed.mp3", AudioFiles.mp3());
    // Valid for 50 minutes: enough for a call sent now with 30 minutes of processing, not with 60.
    String signed =
        recording("/signed.mp3")
            + "?X-Amz-Date=20260115T100000Z&X-Amz-Expires=3000"
            + "&X-Amz-Signature="
            + SIGNATURE;

    try (UploadClient client = client(UploadPacing.DISABLED)) {
      ImportReport defaults =
          client
              .importer()
              .waitForProcessing(false)
              .preflight(PreflightOptions.DEFAULT)
              .build()
              .run(List.of(call("c1", signed)).iterator());
      ImportReport strict =
          client
              .importer()
              .waitForProcessing(false)
              .preflight(
                  PreflightOptions.builder().processingAllowance(Duration.ofHours(1)).build())
              .listener(recorder)
              .build()
              .run(List.of(call("c2", signed)).iterator());

      assertThat(defaults.accepted()).isEqualTo(1);
      assertThat(strict.preflightRefused()).isEqualTo(1);
    }
    assertThat(reasonOf("c2"))
        .isEqualTo(
            "preflight: the presigned recording URL expires at"
                + " 2026-01-15T10:50:00Z, before the call is sent (estimated 2026-01-15T10:00:00Z) and processed"
                + " (allowing 60 min)");
  }

  @Test
  void aFailureOfTheInputReachesTheCallerAfterTheCallsReadBeforeIt() {
    host.files.put("/ok.mp3", AudioFiles.mp3());
    java.util.Iterator<UploadCall> failing =
        new java.util.Iterator<>() {
          int next = 1;

          @Override
          public boolean hasNext() {
            return true;
          }

          @Override
          public UploadCall next() {
            if (next == 4) throw new IllegalStateException("line 4 is broken");
            return call("c" + next++, recording("/ok.mp3"));
          }
        };

    try (UploadClient client = client(UploadPacing.DISABLED)) {
      BulkRun run = new BulkRun();
      try {
        client
            .importer()
            .waitForProcessing(false)
            .preflight(PreflightOptions.DEFAULT)
            .listener(recorder)
            .build()
            .run(failing);
      } catch (IllegalStateException e) {
        run.failure = e;
      }
      assertThat(run.failure).hasMessage("line 4 is broken");
    }
    assertThat(outcomes)
        .extracting(CallOutcome::callId)
        .containsExactlyInAnyOrder("c1", "c2", "c3");
    assertThat(outcomes).extracting(CallOutcome::kind).containsOnly(OutcomeKind.CANCELLED);
  }

  @Test
  void theClientChecksOneCallOnItsOwn() {
    host.files.put("/ok.aac", AudioFiles.aac());

    try (UploadClient client = client(UploadPacing.DISABLED)) {
      PreflightResult ok = client.preflight(call("c1", recording("/ok.aac")));
      PreflightResult s3 = client.preflight(call("c2", "s3://bucket/c2.mp3"));

      assertThat(ok.passed()).isTrue();
      assertThat(ok.format()).hasValueSatisfying(f -> assertThat(f.name()).isEqualTo("AAC"));
      assertThat(s3.status()).isEqualTo(PreflightResult.Status.NOT_CHECKED);
    }
    assertThat(api.getRequestCount()).isZero();
  }

  private String reasonOf(String id) {
    return outcomes.stream()
        .filter(o -> o.callId().equals(id))
        .findFirst()
        .orElseThrow()
        .reason()
        .orElseThrow();
  }

  private static final class BulkRun {
    RuntimeException failure;
  }
}
