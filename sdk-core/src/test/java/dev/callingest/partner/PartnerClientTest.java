package dev.callingest.partner;

import static dev.callingest.partner.Fixtures.batchOf;
import static dev.callingest.partner.Fixtures.call;
import static dev.callingest.partner.Fixtures.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.callingest.ApiException;
import dev.callingest.AuthenticationException;
import dev.callingest.ClientOptions;
import dev.callingest.FakeTime;
import dev.callingest.MalformedResponseException;
import dev.callingest.RateLimitedException;
import dev.callingest.RequestOptions;
import dev.callingest.ServerException;
import dev.callingest.ServerValidationException;
import dev.callingest.ValidationException;
import dev.callingest.Violation;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PartnerClientTest {
  private static final String SECRET = "sk-live-7f3a9c";
  private static final RequestOptions NO_RETRY = RequestOptions.builder().maxRetries(0).build();

  @StartStop final MockWebServer server = new MockWebServer();

  private final FakeTime time = new FakeTime();
  private PartnerClient client;

  @BeforeEach
  void createClient() {
    client = PartnerClient.create(options());
  }

  @AfterEach
  void closeClient() {
    client.close();
  }

  private ClientOptions options() {
    return ClientOptions.builder()
        .baseUrl(server.url("/api/v1"))
        .credentials(PartnerCredentials.of("pk-orbit", SECRET, "orbit-tenant", "orbit-north"))
        .clock(time)
        .sleeper(time)
        .build();
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  @Test
  void postsTheBatchWithTheFourHeadersAndAcknowledgesItsCallIds() throws InterruptedException {
    server.enqueue(json(200, "{\"success\":true}"));
    IngestBatch batch = batchOf("c-1", "c-2");

    BatchAcknowledgement ack = client.submit(batch);

    assertThat(ack.callIds()).containsExactly("c-1", "c-2");
    assertThat(ack.attempts()).isEqualTo(1);
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/api/v1/partner/ingest/batch-call");
    assertThat(request.getHeaders().get("x-api-key")).isEqualTo("pk-orbit");
    assertThat(request.getHeaders().get("x-api-secret")).isEqualTo(SECRET);
    assertThat(request.getHeaders().get("x-tenant-id")).isEqualTo("orbit-tenant");
    assertThat(request.getHeaders().get("x-sub-tenant-id")).isEqualTo("orbit-north");
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(request.getBody().toByteArray()).isEqualTo(PartnerJson.requestBytes(batch));
  }

  @Test
  void acknowledgementCarriesRequestIdAttemptsAndTheHttpView() {
    server.enqueue(
        new MockResponse.Builder()
            .code(202)
            .setHeader("X-Request-Id", "req-ack")
            .setHeader("X-Api-Secret-Echo", "must-not-show")
            .setHeader("Trace", "t-1")
            .body("{\"success\":true}")
            .build());

    BatchAcknowledgement ack = client.submit(batchOf("c-1"));

    assertThat(ack.requestId()).contains("req-ack");
    assertThat(ack.attempts()).isEqualTo(1);
    assertThat(ack.httpResponse().orElseThrow().statusCode()).isEqualTo(202);
    assertThat(ack.httpResponse().orElseThrow().header("trace")).contains("t-1");
    assertThat(ack.httpResponse().orElseThrow().headers()).doesNotContainKey("x-api-secret-echo");
  }

  @Test
  void checkValidThrowsWhatValidateLists() {
    IngestBatch batch =
        IngestBatch.of(item("bad").call(call("bad").contactNumber("555-0101").build()).build());

    ValidationException thrown =
        catchThrowableOfType(ValidationException.class, () -> client.checkValid(batch));

    assertThat(thrown.violations()).isEqualTo(client.validate(batch)).hasSize(1);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void invalidBatchIsNotSent() {
    IngestBatch batch =
        IngestBatch.of(item("bad").call(call("bad").contactNumber("555-0101").build()).build());

    assertThatThrownBy(() -> client.submit(batch))
        .isInstanceOf(ValidationException.class)
        .hasMessage(
            "partner batch is invalid (1 violation); nothing was sent:\n"
                + "  data[0].call.contact_number must be an E.164 number such as +14155550123"
                + " (a plus, then 2 to 15 digits) (id bad): rejected value '555-0101'");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void missingTenantIsAnApiExceptionWithTheServersMessage() {
    server.enqueue(json(400, "{\"success\":false,\"message\":\"Subtenant ID is required\"}"));

    assertThatThrownBy(() -> client.submit(batchOf("c-1")))
        .isExactlyInstanceOf(ApiException.class)
        .hasMessage("HTTP 400: Subtenant ID is required")
        .satisfies(e -> assertThat(((ApiException) e).httpStatus()).isEqualTo(400));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void forbiddenIsAnAuthenticationExceptionWithoutTheSecret() {
    server.enqueue(json(403, "{\"success\":false,\"message\":\"Forbidden\"}"));

    assertThatThrownBy(() -> client.submit(batchOf("c-1")))
        .isInstanceOf(AuthenticationException.class)
        .hasMessage("HTTP 403: Forbidden")
        .satisfies(e -> assertThat(e.toString()).doesNotContain(SECRET));
    assertThat(client.toString())
        .contains("orbit-tenant")
        .doesNotContain(SECRET)
        .doesNotContain("pk-orbit");
  }

  @Test
  void unprocessableMapsFieldErrorsToViolationsWithCallIds() {
    server.enqueue(
        json(
            422,
            "{\"success\":false,\"message\":\"Validation failed\",\"errors\":["
                + "{\"field\":\"data[1].call.recording_url\",\"message\":\"recording not reachable\"},"
                + "{\"field\":\"data\",\"message\":\"too many calls today\"}]}"));

    assertThatThrownBy(() -> client.submit(batchOf("c-1", "c-2")))
        .isInstanceOf(ServerValidationException.class)
        .hasMessage("HTTP 422: Validation failed")
        .satisfies(
            e ->
                assertThat(((ServerValidationException) e).violations())
                    .containsExactly(
                        Violation.of(
                            "data[1].call.recording_url", "recording not reachable", "c-2", null),
                        Violation.of("data", "too many calls today", null, null)));
  }

  @Test
  void rateLimitIsRetriedAfterTheSecondsNamedInTheMessage() {
    server.enqueue(
        json(
            429,
            "{\"success\":false,\"message\":\"Rate limit exceeded. Try again in 7 seconds.\"}"));
    server.enqueue(json(200, "{\"success\":true}"));

    BatchAcknowledgement ack = client.submit(batchOf("c-1"));

    assertThat(ack.attempts()).isEqualTo(2);
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void persistentRateLimitCarriesTheWait() {
    server.enqueue(
        json(
            429,
            "{\"success\":false,\"message\":\"Rate limit exceeded. Try again in 60 seconds.\"}"));

    assertThatThrownBy(() -> client.submit(batchOf("c-1"), NO_RETRY))
        .isInstanceOf(RateLimitedException.class)
        .hasMessage("HTTP 429: Rate limit exceeded. Try again in 60 seconds.")
        .satisfies(
            e ->
                assertThat(((RateLimitedException) e).retryAfter())
                    .contains(Duration.ofSeconds(60)));
  }

  @Test
  void rateLimitWaitLongerThanAllowedIsNotSleptThrough() {
    server.enqueue(
        json(
            429,
            "{\"success\":false,\"message\":\"Rate limit exceeded. Try again in 120 seconds.\"}"));

    assertThatThrownBy(() -> client.submit(batchOf("c-1")))
        .isInstanceOf(RateLimitedException.class)
        .satisfies(
            e ->
                assertThat(((RateLimitedException) e).retryAfter())
                    .contains(Duration.ofSeconds(120)));
    assertThat(time.sleeps()).isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void internalServerErrorIsAServerException() {
    server.enqueue(json(500, "{\"success\":false,\"message\":\"Internal server error\"}"));

    assertThatThrownBy(() -> client.submit(batchOf("c-1"), NO_RETRY))
        .isInstanceOf(ServerException.class)
        .hasMessage("HTTP 500: Internal server error");
  }

  @Test
  void successFalseInA200IsNotAnAcknowledgement() {
    server.enqueue(json(200, "{\"success\":false,\"message\":\"queue unavailable\"}"));

    assertThatThrownBy(() -> client.submit(batchOf("c-1"), NO_RETRY))
        .isExactlyInstanceOf(ApiException.class)
        .hasMessage("HTTP 200: queue unavailable");
  }

  @Test
  void unreadableSuccessBodyIsAMalformedResponse() {
    server.enqueue(new MockResponse.Builder().code(200).body("<html>gateway</html>").build());

    assertThatThrownBy(() -> client.submit(batchOf("c-1"), NO_RETRY))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessageStartingWith(
            "POST /api/v1/partner/ingest/batch-call answered HTTP 200 with a body that is not");
  }

  @Test
  void droppedConnectionAfterTheRequestResendsTheSameBytesAndKey() throws InterruptedException {
    server.enqueue(
        new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(json(200, "{\"success\":true}"));
    IngestBatch batch = batchOf("c-1", "c-2", "c-3");

    BatchAcknowledgement ack = client.submit(batch);

    assertThat(ack.attempts()).isEqualTo(2);
    RecordedRequest first = server.takeRequest(5, TimeUnit.SECONDS);
    RecordedRequest second = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(second.getBody().toByteArray())
        .isEqualTo(first.getBody().toByteArray())
        .isEqualTo(PartnerJson.requestBytes(batch));
    assertThat(first.getHeaders().get("Idempotency-Key")).isNotBlank();
    assertThat(second.getHeaders().get("Idempotency-Key"))
        .isEqualTo(first.getHeaders().get("Idempotency-Key"));
  }

  @Test
  void submitAsyncDeliversTheAcknowledgement() throws Exception {
    server.enqueue(json(200, "{\"success\":true}"));

    BatchAcknowledgement ack = client.submitAsync(batchOf("c-9")).get(10, TimeUnit.SECONDS);

    assertThat(ack.callIds()).containsExactly("c-9");
  }

  @Test
  void submitAsyncFailsTheFutureWithTheSameExceptions() {
    server.enqueue(
        json(
            422,
            "{\"success\":false,\"message\":\"Validation failed\",\"errors\":[{\"field\":\"data[0].call.id\",\"message\":\"id taken\"}]}"));

    assertThatThrownBy(() -> client.submitAsync(batchOf("c-5"), NO_RETRY).get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(ServerValidationException.class)
        .satisfies(
            e ->
                assertThat(((ServerValidationException) e).violations())
                    .containsExactly(Violation.of("data[0].call.id", "id taken", "c-5", null)));
    assertThat(client.submitAsync(IngestBatch.of())).isCompletedExceptionally();
    assertThatThrownBy(() -> client.submitAsync(IngestBatch.of()).get(10, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(ValidationException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void loopbackHttpCallbackIsSentWhenTheClientAllowsIt() {
    server.enqueue(json(200, "{\"success\":true}"));
    IngestBatch batch =
        IngestBatch.of(item("c-1").callbackUrl("http://localhost:7070/hook").build());

    try (PartnerClient emulatorClient =
        PartnerClient.builder().options(options()).allowLoopbackHttpCallbacks(true).build()) {
      assertThat(emulatorClient.submit(batch).callIds()).containsExactly("c-1");
    }
    assertThat(client.validate(batch))
        .extracting(Violation::path)
        .containsExactly("data[0].callback_url");
  }

  @Test
  void refusesCredentialsOfAnotherApi() {
    ClientOptions foreign =
        options()
            .newBuilder()
            .credentials(header -> header.accept("Authorization", "Bearer x"))
            .build();

    assertThatThrownBy(() -> PartnerClient.create(foreign))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("PartnerClient needs PartnerCredentials");
  }

  @Test
  void createWithCredentialsTargetsProduction() {
    try (PartnerClient production =
        PartnerClient.create(PartnerCredentials.of("k", "s", "t", "st"))) {
      assertThat(production.options().baseUrl().toString())
          .isEqualTo(PartnerClient.PRODUCTION_BASE_URL);
      assertThat(production.options().credentials()).isInstanceOf(PartnerCredentials.class);
    }
  }
}
