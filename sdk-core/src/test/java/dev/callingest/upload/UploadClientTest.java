package dev.callingest.upload;

import static dev.callingest.upload.Fixtures.json;
import static dev.callingest.upload.Fixtures.status;
import static dev.callingest.upload.Fixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.callingest.ApiException;
import dev.callingest.AuthenticationException;
import dev.callingest.CallingestException;
import dev.callingest.FakeTime;
import dev.callingest.NotFoundException;
import dev.callingest.RateLimitedException;
import dev.callingest.ServerValidationException;
import dev.callingest.ValidationException;
import dev.callingest.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UploadClientTest {
  private static final String CALL_A =
      "{\"external_id\":\"call_12345\",\"status\":\"completed\",\"aila_call_id\":\"aila_1\"}";
  private static final String CALL_B_FAILED =
      "{\"external_id\":\"call_12346\",\"status\":\"failed\",\"error\":\"audio_url is not accessible\"}";

  private final MockWebServer server = new MockWebServer();
  private final FakeTime time = new FakeTime();
  private final List<BatchStatus> progress = new ArrayList<>();
  private UploadClient client;

  @BeforeEach
  void setUp() throws Exception {
    server.start();
    client = Fixtures.client(Fixtures.options(server, time).build(), UploadPacing.DEFAULT);
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.close();
  }

  private WaitOptions.Builder waiting() {
    return WaitOptions.builder().progressListener(progress::add);
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request).as("request").isNotNull();
    return request;
  }

  @Test
  void submitsTheBatchThenPollsThroughProcessingToCompleted() throws Exception {
    server.enqueue(json(200, Fixtures.RECEIPT));
    server.enqueue(json(200, status("batch_abc123", "processing", 2, 0, 0, "")));
    server.enqueue(json(200, Fixtures.STATUS));
    server.enqueue(json(200, status("batch_abc123", "completed", 2, 2, 0, CALL_A)));

    SubmissionReceipt receipt = client.submit(Fixtures.documentBatch());
    BatchStatus done = client.awaitCompletion(receipt.batchId(), waiting().build());

    assertThat(receipt.batchId()).isEqualTo("batch_abc123");
    assertThat(done.status()).isEqualTo(BatchState.COMPLETED);
    assertThat(done.processed()).isEqualTo(2);
    assertThat(progress)
        .extracting(BatchStatus::rawStatus)
        .containsExactly("processing", "processing", "completed");
    assertThat(progress.get(1).calls())
        .extracting(CallStatus::stage)
        .containsExactly(CallState.COMPLETED, CallState.TRANSCRIBING);
    // First poll after the interval, then growing by half up to the 10 s cap.
    assertThat(time.sleeps())
        .containsExactly(Duration.ofSeconds(5), Duration.ofMillis(7500), Duration.ofSeconds(10));

    RecordedRequest submit = take();
    assertThat(submit.getMethod()).isEqualTo("POST");
    assertThat(submit.getUrl().encodedPath()).isEqualTo("/v1/calls/batch-upload");
    assertThat(submit.getHeaders().get("Authorization")).isEqualTo("Bearer " + Fixtures.API_KEY);
    assertThat(submit.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(tree(submit.getBody().utf8())).isEqualTo(tree(Fixtures.REQUEST));
    RecordedRequest poll = take();
    assertThat(poll.getMethod()).isEqualTo("GET");
    assertThat(poll.getUrl().encodedPath()).isEqualTo("/v1/calls/batch-upload/batch_abc123");
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void waiterReturnsPartialWithTheFailedCalls() {
    server.enqueue(json(200, status("b1", "partial", 2, 1, 1, CALL_A + "," + CALL_B_FAILED)));

    BatchStatus done = client.awaitCompletion("b1", waiting().build());

    assertThat(done.status()).isEqualTo(BatchState.PARTIAL);
    assertThat(done.failedCalls()).extracting(CallStatus::externalId).containsExactly("call_12346");
    assertThat(done.failedCalls().get(0).errorMessage()).contains("audio_url is not accessible");
  }

  @Test
  void waiterStopsAtFailed() {
    server.enqueue(json(200, status("b1", "processing", 1, 0, 0, "")));
    server.enqueue(json(200, status("b1", "failed", 1, 1, 1, CALL_B_FAILED)));
    server.enqueue(json(200, status("b1", "processing", 1, 0, 0, "")));

    BatchStatus done = client.awaitCompletion("b1", waiting().build());

    assertThat(done.status()).isEqualTo(BatchState.FAILED);
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(progress).hasSize(2);
  }

  @Test
  void waiterTimesOutBeforeASleepThatWouldPassTheTimeoutAndCarriesTheLastStatus() {
    for (int i = 0; i < 5; i++) server.enqueue(json(200, status("b1", "processing", 4, i, 0, "")));

    BatchWaitTimeoutException e =
        catchThrowableOfType(
            BatchWaitTimeoutException.class,
            () -> client.awaitCompletion("b1", waiting().timeout(Duration.ofSeconds(30)).build()));

    // Polls at 5 s, 12.5 s and 22.5 s; a fourth at 32.5 s would pass the 30 s timeout.
    assertThat(time.sleeps())
        .containsExactly(Duration.ofSeconds(5), Duration.ofMillis(7500), Duration.ofSeconds(10));
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(e.lastStatus().processed()).isEqualTo(2);
    assertThat(e.waited()).isEqualTo(Duration.ofMillis(22_500));
    assertThat(e)
        .hasMessage("batch b1 is still processing after 22 s (2 of 4 calls processed, 2 pending)");
  }

  @Test
  void unknownBatchStatusIsKeptAndPollingGoesOn() {
    server.enqueue(json(200, status("b1", "queued_for_review", 1, 0, 0, "")));
    server.enqueue(json(200, status("b1", "completed", 1, 1, 0, CALL_A)));

    BatchStatus done = client.awaitCompletion("b1", waiting().build());

    assertThat(progress.get(0).rawStatus()).isEqualTo("queued_for_review");
    assertThat(progress.get(0).status()).isEqualTo(BatchState.UNKNOWN);
    assertThat(done.status()).isEqualTo(BatchState.COMPLETED);
  }

  @Test
  void pollRefusedWith429IsRetriedAfterRetryAfter() {
    server.enqueue(
        new MockResponse.Builder().code(429).addHeader("Retry-After", "20").body("{}").build());
    server.enqueue(json(200, status("b1", "completed", 1, 1, 0, CALL_A)));

    BatchStatus done = client.awaitCompletion("b1", waiting().build());

    assertThat(done.status()).isEqualTo(BatchState.COMPLETED);
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(20));
  }

  @Test
  void waiterHonoursRetryAfterWhenTheTransportGivesUp() {
    client.close();
    client =
        Fixtures.client(Fixtures.options(server, time).maxRetries(0).build(), UploadPacing.DEFAULT);
    server.enqueue(
        new MockResponse.Builder().code(429).addHeader("Retry-After", "45").body("{}").build());
    server.enqueue(json(200, status("b1", "completed", 1, 1, 0, CALL_A)));

    BatchStatus done = client.awaitCompletion("b1", waiting().build());

    assertThat(done.status()).isEqualTo(BatchState.COMPLETED);
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(45));
    assertThat(progress).hasSize(1);
  }

  @Test
  void submitRefusedWith429IsSentAgainAfterRetryAfter() throws Exception {
    server.enqueue(
        new MockResponse.Builder().code(429).addHeader("Retry-After", "12").body("").build());
    server.enqueue(json(200, Fixtures.RECEIPT));

    SubmissionReceipt receipt = client.submit(Fixtures.documentBatch());

    assertThat(receipt.batchId()).isEqualTo("batch_abc123");
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(12));
    String firstKey = take().getHeaders().get("Idempotency-Key");
    assertThat(take().getHeaders().get("Idempotency-Key")).isNotNull().isEqualTo(firstKey);
  }

  @Test
  void interruptionStopsTheWaiterAndRestoresTheFlag() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> client.awaitCompletion("b1", waiting().build()))
          .isInstanceOf(CallingestException.class)
          .hasMessage("interrupted while waiting for batch b1")
          .hasCauseInstanceOf(InterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void resubmitSendsExactlyTheFailedCalls() throws Exception {
    UploadBatch original = Fixtures.documentBatch();
    server.enqueue(
        json(
            200,
            "{\"success\":true,\"batch_id\":\"b2\",\"calls_submitted\":1,\"status\":\"submitted\"}"));
    BatchStatus finalStatus =
        BatchStatus.builder()
            .batchId("b1")
            .rawStatus("partial")
            .addCalls(
                CallStatus.builder().externalId("call_12345").rawStatus("completed").build(),
                CallStatus.builder().externalId("call_12346").rawStatus("failed").build())
            .build();

    SubmissionReceipt receipt = client.resubmitFailed(original, finalStatus).orElseThrow();

    assertThat(receipt.batchId()).isEqualTo("b2");
    Object sent = tree(take().getBody().utf8());
    Object expected =
        tree(
            new String(
                dev.callingest.internal.Json.toBytes(
                    UploadJson.BATCH, UploadBatch.of(List.of(original.calls().get(1))))));
    assertThat(sent).isEqualTo(expected);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void resubmitWithoutFailuresSendsNothing() {
    BatchStatus completed =
        BatchStatus.builder()
            .batchId("b1")
            .rawStatus("completed")
            .addCalls(CallStatus.builder().externalId("call_12345").rawStatus("completed").build())
            .build();

    assertThat(client.resubmitFailed(Fixtures.documentBatch(), completed)).isEmpty();
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void resubmitRejectsAFailedCallThatIsNotInTheOriginalBatch() {
    BatchStatus status =
        BatchStatus.builder()
            .batchId("b1")
            .rawStatus("partial")
            .addCalls(CallStatus.builder().externalId("other").rawStatus("failed").build())
            .build();

    assertThatThrownBy(() -> client.resubmitFailed(Fixtures.documentBatch(), status))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batch b1 lists failed calls that are not in the original batch: [other]");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void serverValidationErrorBecomesViolationsPerCall() {
    server.enqueue(json(400, Fixtures.VALIDATION_ERROR));

    ServerValidationException e =
        catchThrowableOfType(
            ServerValidationException.class, () -> client.submit(Fixtures.documentBatch()));

    assertThat(e.httpStatus()).isEqualTo(400);
    assertThat(e.errorCode()).contains("VALIDATION_ERROR");
    assertThat(e.violations())
        .containsExactly(
            Violation.of("calls[0]", "audio_url is not accessible", "call_12345", null),
            Violation.of("calls[0]", "duration must be positive number", "call_12345", null));
    assertThat(e.getMessage()).startsWith("HTTP 400 VALIDATION_ERROR: Invalid calls array");
  }

  @Test
  void successFalseInA200BodyIsAnError() {
    server.enqueue(json(200, Fixtures.VALIDATION_ERROR));

    assertThatThrownBy(() -> client.submit(Fixtures.documentBatch()))
        .isInstanceOf(ServerValidationException.class);

    server.enqueue(
        json(200, "{\"success\":false,\"error\":{\"code\":\"QUOTA\",\"message\":\"no\"}}"));
    ApiException other = catchThrowableOfType(ApiException.class, () -> client.status("b1"));
    assertThat(other.errorCode()).contains("QUOTA");
    assertThat(other.httpStatus()).isEqualTo(200);
  }

  @Test
  void statusCodesMapToTheSharedExceptions() {
    server.enqueue(
        json(
            401,
            "{\"success\":false,\"error\":{\"code\":\"UNAUTHORIZED\",\"message\":\"bad key\"}}"));
    server.enqueue(json(404, "not json"));

    AuthenticationException auth =
        catchThrowableOfType(AuthenticationException.class, () -> client.status("b1"));
    NotFoundException missing =
        catchThrowableOfType(NotFoundException.class, () -> client.status("b1"));

    assertThat(auth.errorCode()).contains("UNAUTHORIZED");
    assertThat(missing.httpStatus()).isEqualTo(404);
    assertThat(missing.errorCode()).isEmpty();
  }

  @Test
  void invalidBatchSendsNothing() {
    UploadBatch bad =
        UploadBatch.of(
            List.of(UploadCall.builder().from(Fixtures.call("a")).userEmail("x").build()));

    assertThatThrownBy(() -> client.submit(bad)).isInstanceOf(ValidationException.class);
    assertThat(server.getRequestCount()).isZero();
    assertThat(client.pacer().inFlightCount()).isZero();
  }

  @Test
  void asyncVariantsCompleteWithTheResultOrTheException() {
    server.enqueue(json(200, Fixtures.RECEIPT));
    server.enqueue(json(200, Fixtures.STATUS));

    assertThat(client.submitAsync(Fixtures.documentBatch()).join().batchId())
        .isEqualTo("batch_abc123");
    assertThat(client.statusAsync("batch_abc123").join().totalCalls()).isEqualTo(2);
    assertThatThrownBy(() -> client.submitAsync(Fixtures.batch(0)).join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(ValidationException.class);
  }

  @Test
  void noSecretInToStringsOrMessages() {
    server.enqueue(
        json(
            401,
            "{\"success\":false,\"error\":{\"code\":\"UNAUTHORIZED\",\"message\":\"bad key\"}}"));
    AuthenticationException auth =
        catchThrowableOfType(
            AuthenticationException.class, () -> client.submit(Fixtures.documentBatch()));
    IllegalArgumentException badKey =
        catchThrowableOfType(
            IllegalArgumentException.class, () -> UploadCredentials.of("sk live secret"));

    assertThat(UploadCredentials.of(Fixtures.API_KEY).toString())
        .isEqualTo("UploadCredentials{apiKey=<redacted>}");
    assertThat(client.options().toString()).doesNotContain(Fixtures.API_KEY);
    assertThat(auth.getMessage()).doesNotContain(Fixtures.API_KEY);
    assertThat(String.valueOf(auth.errorResponse())).doesNotContain(Fixtures.API_KEY);
    assertThat(badKey.getMessage()).doesNotContain("secret");
  }

  @Test
  void rejectsCredentialsOfAnotherApi() {
    assertThatThrownBy(
            () ->
                UploadClient.create(
                    Fixtures.options(server, time)
                        .credentials(header -> header.accept("x", "y"))
                        .build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("UploadClient needs UploadCredentials (the API key), not ");
  }

  @Test
  void builderNeedsOptions() {
    assertThatThrownBy(() -> UploadClient.builder().pacing(UploadPacing.DISABLED).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("options are required");
  }

  @Test
  void builderAppliesThePacingAndCreateTheDocumentedLimits() {
    UploadPacing raised = UploadPacing.builder().batchesPerHour(500).build();
    try (UploadClient built =
            UploadClient.builder()
                .options(Fixtures.options(server, time).build())
                .pacing(raised)
                .build();
        UploadClient created = UploadClient.create(Fixtures.options(server, time).build())) {
      assertThat(built.pacing()).isSameAs(raised);
      assertThat(created.pacing()).isSameAs(UploadPacing.DEFAULT);
    }
  }

  @Test
  void validateListsWhatCheckValidThrows() {
    UploadBatch bad =
        UploadBatch.of(
            List.of(UploadCall.builder().from(Fixtures.call("a")).userEmail("x").build()));

    List<Violation> listed = client.validate(bad);
    ValidationException thrown =
        catchThrowableOfType(ValidationException.class, () -> client.checkValid(bad));

    assertThat(listed).extracting(Violation::path).containsExactly("calls[0].user_email");
    assertThat(thrown.violations()).isEqualTo(listed);
    assertThat(client.validate(Fixtures.documentBatch())).isEmpty();
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void submitAsyncValidatesBeforeReturningTheFuture() {
    UploadBatch bad =
        UploadBatch.of(
            List.of(UploadCall.builder().from(Fixtures.call("a")).userEmail("x").build()));

    java.util.concurrent.CompletableFuture<SubmissionReceipt> future = client.submitAsync(bad);

    // Already failed when returned: the check ran on the calling thread, not on the executor.
    assertThat(future).isCompletedExceptionally();
    assertThatThrownBy(future::join).hasCauseInstanceOf(ValidationException.class);
    assertThat(server.getRequestCount()).isZero();
    assertThatThrownBy(() -> client.submitAsync(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void receiptAndStatusCarryRequestIdAttemptsAndTheHttpView() {
    server.enqueue(new MockResponse.Builder().code(503).body("").build());
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .addHeader("X-Request-Id", "req-submit")
            .addHeader("X-RateLimit-Remaining", "99")
            .addHeader("Set-Cookie", "session=do-not-show")
            .body(Fixtures.RECEIPT)
            .build());
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Request-Id", "req-status")
            .body(Fixtures.STATUS)
            .build());

    SubmissionReceipt receipt = client.submit(Fixtures.documentBatch());
    BatchStatus status = client.status(receipt.batchId());

    assertThat(receipt.requestId()).contains("req-submit");
    assertThat(receipt.attempts()).isEqualTo(2);
    assertThat(receipt.httpResponse().orElseThrow().statusCode()).isEqualTo(200);
    assertThat(receipt.httpResponse().orElseThrow().header("x-ratelimit-remaining")).contains("99");
    assertThat(receipt.httpResponse().orElseThrow().headers()).doesNotContainKey("set-cookie");
    assertThat(status.requestId()).contains("req-status");
    assertThat(status.attempts()).isEqualTo(1);
    assertThat(status.httpResponse().orElseThrow().header("Request-Id")).contains("req-status");
    // Delivery facts take no part in equality: the same content read twice is equal.
    assertThat(receipt)
        .isEqualTo(
            SubmissionReceipt.builder().from(receipt).attempts(1).requestId("other").build());
    assertThat(receipt.toString()).doesNotContain("req-submit");
  }

  @Test
  void serverRateLimitAfterEveryRetryIsReported() {
    client.close();
    client =
        Fixtures.client(Fixtures.options(server, time).maxRetries(0).build(), UploadPacing.DEFAULT);
    server.enqueue(
        new MockResponse.Builder().code(429).addHeader("Retry-After", "30").body("").build());

    RateLimitedException e =
        catchThrowableOfType(
            RateLimitedException.class, () -> client.submit(Fixtures.documentBatch()));

    assertThat(e.isClientSide()).isFalse();
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
    assertThat(client.pacer().inFlightCount()).isZero();
  }
}
