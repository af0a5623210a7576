package dev.callingest.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.callback.CallbackConsumer;
import dev.callingest.callback.StandardWebhooksSigner;
import dev.callingest.upload.SubmissionReceipt;
import dev.callingest.upload.UploadBatch;
import dev.callingest.upload.UploadCall;
import dev.callingest.upload.UploadClient;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The observations a Spring Boot application with tracing gets: a submit retried once over real
 * HTTP (MockWebServer answering 503, then 200), and a signed callback posted to the application's
 * own endpoint on its random port.
 */
@SpringBootTest(
    classes = CallingestTracingTest.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CallingestTracingTest {
  static final MockWebServer API = new MockWebServer();
  static final List<String> EVENTS = new CopyOnWriteArrayList<>();
  static final List<Duration> WAITS = new CopyOnWriteArrayList<>();
  static final List<String> CONSUMED = new CopyOnWriteArrayList<>();

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {
    @Bean
    TestObservationRegistry observationRegistry() {
      TestObservationRegistry registry = TestObservationRegistry.create();
      registry
          .observationConfig()
          .observationHandler(
              new ObservationHandler<>() {
                @Override
                public boolean supportsContext(Observation.Context context) {
                  return true;
                }

                @Override
                public void onEvent(Observation.Event event, Observation.Context context) {
                  EVENTS.add(
                      context.getName() + ": " + event.getName() + " " + event.getContextualName());
                }
              });
      return registry;
    }

    @Bean
    CallbackConsumer consumer() {
      return (deliveryId, analysis) -> CONSUMED.add(deliveryId + " " + analysis.callId());
    }

    /** The waits between retries are recorded, not slept. */
    @Bean
    ClientOptionsCustomizer noSleeping() {
      return (api, options) -> options.sleeper(WAITS::add);
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry properties) throws Exception {
    API.start();
    properties.add("callingest.upload.api-key", () -> "up-key-secret-777");
    properties.add("callingest.upload.base-url", () -> API.url("/").toString());
    properties.add("callingest.upload.pacing.enabled", () -> "false");
    properties.add(
        "callingest.callback.webhook-secrets", () -> CallingestAutoConfigurationTest.SECRET);
  }

  @AfterAll
  static void stopApi() {
    API.close();
  }

  @Autowired TestObservationRegistry registry;
  @Autowired UploadClient upload;
  @Autowired Environment environment;

  @BeforeEach
  void clear() {
    registry.clear();
    EVENTS.clear();
  }

  @Test
  void aSubmitRetriedOnceIsOneObservationWithItsRetryAsAnEvent() {
    API.enqueue(
        new MockResponse.Builder()
            .code(503)
            .addHeader("X-Request-Id", "req-first")
            .addHeader("Content-Type", "application/json")
            .body("{\"success\":false,\"error\":{\"code\":\"UNAVAILABLE\",\"message\":\"later\"}}")
            .build());
    API.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("X-Request-Id", "req-second")
            .addHeader("Content-Type", "application/json")
            .body(
                "{\"success\":true,\"batch_id\":\"batch_abc123\",\"calls_submitted\":1,"
                    + "\"status\":\"submitted\"}")
            .build());

    SubmissionReceipt receipt =
        upload.submit(
            UploadBatch.builder()
                .addCalls(
                    UploadCall.builder()
                        .externalId("call_777")
                        .audioUrl("s3://b/k.mp3")
                        .userEmail("rep@example.com")
                        .callDate(Instant.parse("2025-01-15T14:30:00Z"))
                        .build())
                .build());

    assertThat(receipt.attempts()).isEqualTo(2);
    assertThat(WAITS).hasSize(1);
    TestObservationRegistryAssert.assertThat(registry)
        .hasNumberOfObservationsWithNameEqualTo(CallingestObservations.CLIENT, 1)
        .hasObservationWithNameEqualTo(CallingestObservations.CLIENT)
        .that()
        .hasContextualNameEqualTo("callingest upload submit")
        .hasLowCardinalityKeyValue("callingest.api", "upload")
        .hasLowCardinalityKeyValue("callingest.operation", "submit")
        .hasLowCardinalityKeyValue("callingest.outcome", "2xx")
        .hasLowCardinalityKeyValue("http.status_code", "200")
        .hasLowCardinalityKeyValue("callingest.attempts", "2")
        .hasHighCardinalityKeyValue("callingest.request_id", "req-second")
        .doesNotHaveError()
        .hasBeenStarted()
        .hasBeenStopped();
    assertThat(EVENTS)
        .containsExactly("callingest.client.operation: callingest.retry retry 2 after HTTP 503");
    // No key carries the key, the batch id or a path.
    TestObservationRegistryAssert.assertThat(registry)
        .hasHandledContextsThatSatisfy(
            contexts ->
                contexts.forEach(
                    context ->
                        assertThat(context.getAllKeyValues().toString())
                            .doesNotContain("up-key-secret-777")
                            .doesNotContain("batch_abc123")
                            .doesNotContain("/v1")));
  }

  @Test
  void aSignedCallbackToTheEndpointIsAnObservationWithItsOutcome() throws Exception {
    byte[] body =
        "{\"call_id\":\"call_42\",\"intent\":\"purchase\",\"quality_score\":82}"
            .getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers =
        StandardWebhooksSigner.of(CallingestAutoConfigurationTest.SECRET)
            .headers("msg_trace_1", Instant.now(), body);
    String url = "http://127.0.0.1:" + environment.getProperty("local.server.port") + "/callbacks";

    assertThat(post(url, headers, body)).isEqualTo(200);
    assertThat(post(url, headers, body)).isEqualTo(200);
    assertThat(post(url, Map.of(), body)).isEqualTo(401);

    assertThat(CONSUMED).containsExactly("msg_trace_1 call_42");
    TestObservationRegistryAssert.assertThat(registry)
        .hasNumberOfObservationsWithNameEqualTo(CallingestObservations.CALLBACK, 3)
        .hasAnObservation(
            observation ->
                observation
                    .hasNameEqualTo(CallingestObservations.CALLBACK)
                    .hasLowCardinalityKeyValue("callingest.outcome", "accepted")
                    .hasLowCardinalityKeyValue("http.status_code", "200")
                    .hasHighCardinalityKeyValue("callingest.delivery_id", "msg_trace_1"))
        .hasAnObservation(
            observation ->
                observation
                    .hasNameEqualTo(CallingestObservations.CALLBACK)
                    .hasLowCardinalityKeyValue("callingest.outcome", "duplicate"))
        .hasAnObservation(
            observation ->
                observation
                    .hasNameEqualTo(CallingestObservations.CALLBACK)
                    .hasLowCardinalityKeyValue("callingest.outcome", "rejected")
                    .hasLowCardinalityKeyValue("http.status_code", "401")
                    .doesNotHaveHighCardinalityKeyValueWithKey("callingest.delivery_id"));
    TestObservationRegistryAssert.assertThat(registry)
        .hasHandledContextsThatSatisfy(
            contexts ->
                contexts.forEach(
                    context ->
                        assertThat(context.getAllKeyValues().toString())
                            .doesNotContain(
                                CallingestAutoConfigurationTest.SECRET.substring(6, 20))));
  }

  static int post(String url, Map<String, String> headers, byte[] body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return HttpClient.newHttpClient()
        .send(request.build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
