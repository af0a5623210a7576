package dev.callingest.emulator;

import static dev.callingest.emulator.TestHttp.await;
import static dev.callingest.emulator.TestHttp.json;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class PartnerApiTest {
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String[] AUTH = {
    "x-api-key", "k", "x-api-secret", "s", "x-tenant-id", "t1", "x-sub-tenant-id", "st1"
  };
  private Emulator emulator;

  @AfterEach
  void tearDown() {
    if (emulator != null) {
      emulator.close();
    }
  }

  private Emulator start(Consumer<Emulator.Builder> config) {
    Emulator.Builder builder =
        Emulator.builder()
            .partnerCredentials("k", "s", "t1", "st1")
            .callbackDelay(Duration.ofMillis(5))
            .callbackRetryBackoff(Duration.ofMillis(5));
    config.accept(builder);
    emulator = builder.build().start();
    return emulator;
  }

  private static String item(String callId, String callbackUrl) {
    return "{\"call\":{\"id\":\""
        + callId
        + "\",\"recording_url\":\"https://example.com/r/"
        + callId
        + ".mp3\",\"start_time\":\"2023-01-01T10:00:00Z\",\"end_time\":\"2023-01-01T10:30:00Z\","
        + "\"contact_number\":\"+1234567890\"},"
        + "\"agent\":{\"id\":\"agent123\",\"email\":\"agent@example.com\",\"name\":\"John Doe\"},"
        + "\"customer\":{\"id\":\"customer123\",\"name\":\"Jane Smith\",\"disposition_status\":\"interested\"},"
        + "\"industry\":\"Technology\",\"function\":\"Sales\","
        + (callbackUrl == null ? "" : "\"callback_url\":\"" + callbackUrl + "\",")
        + "\"metadata\":{\"campaign\":\"Q1 Outreach\",\"attempt\":2}}";
  }

  private HttpResponse<String> ingest(String body, String... headers) throws Exception {
    return TestHttp.post(emulator.partnerBaseUrl() + "/partner/ingest/batch-call", body, headers);
  }

  private HttpResponse<String> ingestItems(String... items) throws Exception {
    return ingest("{\"data\":[" + String.join(",", items) + "]}", AUTH);
  }

  private static String[] authWithout(String header) {
    List<String> headers = new ArrayList<>();
    for (int i = 0; i < AUTH.length; i += 2) {
      if (!AUTH[i].equals(header)) {
        headers.add(AUTH[i]);
        headers.add(AUTH[i + 1]);
      }
    }
    return headers.toArray(String[]::new);
  }

  @Test
  void acceptsTheDocumentSampleAndAnswersSuccess() throws Exception {
    start(b -> {});

    HttpResponse<String> response = ingestItems(item("call123", null));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response.body())).isEqualTo(Map.of("success", true));
    assertThat(emulator.partnerItems()).containsOnlyKeys("call123");
    PartnerItem item = emulator.partnerItems().get("call123");
    assertThat(item.tenantId()).isEqualTo("t1");
    assertThat(item.subTenantId()).isEqualTo("st1");
    assertThat(item.item()).containsEntry("industry", "Technology");
    assertThat(emulator.awaitIdle(Duration.ofSeconds(10))).isTrue();
    assertThat(emulator.partnerItems().get("call123").state())
        .isEqualTo(PartnerItem.State.PROCESSED_WITHOUT_CALLBACK);
  }

  @Test
  void answersEachDocumentedAuthenticationError() throws Exception {
    start(b -> {});
    String body = "{\"data\":[" + item("c1", null) + "]}";

    HttpResponse<String> noTenant = ingest(body, authWithout("x-tenant-id"));
    HttpResponse<String> noSubTenant = ingest(body, authWithout("x-sub-tenant-id"));
    HttpResponse<String> wrongSecret =
        ingest(
            body,
            "x-api-key",
            "k",
            "x-api-secret",
            "nope",
            "x-tenant-id",
            "t1",
            "x-sub-tenant-id",
            "st1");
    HttpResponse<String> noKey = ingest(body, authWithout("x-api-key"));
    HttpResponse<String> otherTenant =
        ingest(
            body,
            "x-api-key",
            "k",
            "x-api-secret",
            "s",
            "x-tenant-id",
            "t2",
            "x-sub-tenant-id",
            "st1");

    assertThat(noTenant.statusCode()).isEqualTo(400);
    assertThat(json(noTenant.body()))
        .isEqualTo(Map.of("success", false, "message", "Tenant ID is required"));
    assertThat(noSubTenant.statusCode()).isEqualTo(400);
    assertThat(json(noSubTenant.body()))
        .isEqualTo(Map.of("success", false, "message", "Subtenant ID is required"));
    for (HttpResponse<String> forbidden : List.of(wrongSecret, noKey, otherTenant)) {
      assertThat(forbidden.statusCode()).isEqualTo(403);
      assertThat(json(forbidden.body()))
          .isEqualTo(Map.of("success", false, "message", "Forbidden"));
    }
    assertThat(emulator.partnerItems()).isEmpty();
  }

  /** {@link #item} with one value replaced: {@code path} such as {@code call.recording_url}. */
  @SuppressWarnings("unchecked")
  private static String itemWith(String callId, String path, Object value) throws Exception {
    Map<String, Object> item = (Map<String, Object>) Json.parse(item(callId, null).getBytes(UTF_8));
    String[] keys = path.split("\\.");
    Map<String, Object> parent = item;
    for (int i = 0; i < keys.length - 1; i++) {
      parent = (Map<String, Object>) parent.get(keys[i]);
    }
    parent.put(keys[keys.length - 1], value);
    return Json.writeString(item);
  }

  @Test
  void judgesUrlsTimesBlanksEmailsCustomFieldsAndLengthsAsTheServerDoes() throws Exception {
    start(b -> b.callbackDelay(Duration.ofMinutes(5)));
    String emoji = "\uD83D\uDE00";

    HttpResponse<String> response =
        ingestItems(
            itemWith("ok", "customer.name", "n".repeat(254) + emoji),
            itemWith("u1", "call.recording_url", "https://:8080/call.mp3"),
            itemWith("u2", "call.recording_url", "https://example.com:70000/a.mp3"),
            itemWith("u3", "callback_url", "https://hooks..example.com/cb"),
            itemWith("t1", "call.end_time", "+10000-01-01T00:00:00Z"),
            itemWith("t2", "call.start_time", "0000-01-01T00:00:00Z"),
            itemWith("b1", "call.id", "\u00A0"),
            itemWith("e1", "agent.email", "a..b@example.com"),
            itemWith("e2", "agent.email", "a@example.c"),
            itemWith(
                "f1", "custom_fields", List.of(Map.of("internal_name", "\u3000", "value", "x"))),
            itemWith("n1", "customer.name", "n".repeat(255) + emoji));

    assertThat(response.statusCode()).isEqualTo(422);
    String badTime =
        " must be an ISO 8601 date in UTC ending in Z (YYYY-MM-DDThh:mm:ssZ) with a year from 0001 to 9999";
    assertThat((List<Map<String, Object>>) json(response.body()).get("errors"))
        .extracting(e -> e.get("field") + ": " + e.get("message"))
        .containsExactly(
            "data[1].call.recording_url: recording_url must be a URL address",
            "data[2].call.recording_url: recording_url must be a URL address",
            "data[3].callback_url: callback_url must be a URL address starting with https://",
            "data[4].call.end_time: end_time" + badTime,
            "data[5].call.start_time: start_time" + badTime,
            "data[6].call.id: id should not be empty",
            "data[7].agent.email: email must be an email",
            "data[8].agent.email: email must be an email",
            "data[9].custom_fields[0].internal_name: internal_name should not be empty",
            "data[10].customer.name: name must be shorter than or equal to 255 characters");
  }

  @Test
  void listsValidationErrorsWithFieldPaths() throws Exception {
    start(b -> b.callbackDelay(Duration.ofMinutes(5)));
    String bad =
        "{\"call\":{\"id\":\"\",\"recording_url\":\"not a url\","
            + "\"start_time\":\"2023-01-01T10:30:00Z\",\"end_time\":\"2023-01-01T10:00:00Z\","
            + "\"contact_number\":\"555-1234\"},"
            + "\"agent\":{\"email\":\"nope\"},"
            + "\"customer\":{\"id\":\"c\",\"name\":\""
            + "x".repeat(256)
            + "\"},"
            + "\"callback_url\":\"http://partner.example.com/cb\","
            + "\"metadata\":{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":{\"nested\":true}},"
            + "\"custom_fields\":[{\"value\":\"v\"}]}";
    String localTime =
        item("c2", null).replace("2023-01-01T10:00:00Z", "2023-01-01T10:00:00+05:30");

    HttpResponse<String> response = ingestItems(item("ok", null), bad, localTime);

    assertThat(response.statusCode()).isEqualTo(422);
    Map<String, Object> body = json(response.body());
    assertThat(body).containsEntry("success", false).containsEntry("message", "Validation failed");
    assertThat((List<Map<String, Object>>) body.get("errors"))
        .extracting(e -> e.get("field") + ": " + e.get("message"))
        .containsExactly(
            "data[1].call.id: id should not be empty",
            "data[1].call.recording_url: recording_url must be a URL address",
            "data[1].call.end_time: end_time must be after start_time",
            "data[1].call.contact_number: contact_number must be a phone number in E.164 format, such as +1234567890",
            "data[1].agent.id: id should not be empty",
            "data[1].agent.email: email must be an email",
            "data[1].customer.name: name must be shorter than or equal to 255 characters",
            "data[1].callback_url: callback_url must be a URL address starting with https://",
            "data[1].metadata: metadata must not have more than 5 key-value pairs",
            "data[1].metadata.f: metadata values must be strings or numbers",
            "data[1].custom_fields[0].internal_name: internal_name should not be empty",
            "data[2].call.start_time: start_time must be an ISO 8601 date in UTC ending in Z"
                + " (YYYY-MM-DDThh:mm:ssZ) with a year from 0001 to 9999");
    assertThat(emulator.partnerItems()).isEmpty();
  }

  @Test
  void refusesEmptyAndOversizedBatches() throws Exception {
    start(b -> b.callbackDelay(Duration.ofMinutes(5)));
    String[] items = new String[51];
    for (int i = 0; i < items.length; i++) {
      items[i] = item("c" + i, null);
    }

    HttpResponse<String> empty = ingestItems();
    HttpResponse<String> tooMany = ingestItems(items);

    assertThat(empty.statusCode()).isEqualTo(422);
    assertThat(empty.body())
        .contains("{\"field\":\"data\",\"message\":\"data must contain at least 1 item\"}");
    assertThat(tooMany.statusCode()).isEqualTo(422);
    assertThat(tooMany.body()).contains("data must contain no more than 50 items");
  }

  @Test
  void refusesRequestsOverFiveMegabytes() throws Exception {
    start(b -> b.callbackDelay(Duration.ofMinutes(5)));
    String padding = "x".repeat(PartnerApi.MAX_REQUEST_BYTES);
    String big =
        item("big", null)
            .replace("\"industry\":\"Technology\"", "\"industry\":\"" + padding + "\"");

    HttpResponse<String> response = ingestItems(big);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(json(response.body()))
        .isEqualTo(Map.of("success", false, "message", "Request payload is larger than 5MB"));
    assertThat(emulator.partnerItems()).isEmpty();
  }

  @Test
  void rateLimitAnswersTheDocumentedMessage() throws Exception {
    start(b -> b.partnerRequestsPerMinute(1).callbackDelay(Duration.ofMinutes(5)));
    assertThat(ingestItems(item("c1", null)).statusCode()).isEqualTo(200);

    HttpResponse<String> limited = ingestItems(item("c2", null));

    assertThat(limited.statusCode()).isEqualTo(429);
    String message = (String) json(limited.body()).get("message");
    assertThat(message).matches("Rate limit exceeded\\. Try again in \\d+ seconds\\.");
    int seconds = Integer.parseInt(message.replaceAll("\\D", ""));
    assertThat(seconds).isBetween(55, 60);
    assertThat(emulator.partnerItems()).containsOnlyKeys("c1");
  }

  @Test
  void serverErrorFaultAnswersTheDocumented500() throws Exception {
    start(b -> b.faults(FaultInjection.builder().rate(Fault.SERVER_ERROR, 1.0).build()));

    HttpResponse<String> response = ingestItems(item("c1", null));

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(json(response.body()))
        .isEqualTo(Map.of("success", false, "message", "Internal server error"));
    assertThat(emulator.partnerItems()).isEmpty();
    assertThat(emulator.requests())
        .singleElement()
        .satisfies(r -> assertThat(r.fault()).contains(Fault.SERVER_ERROR));
  }

  @Test
  void resubmittedCallIdIsNeitherProcessedNorCalledBackTwice() throws Exception {
    try (CallbackReceiver receiver = new CallbackReceiver()) {
      start(b -> {});
      String first = item("dup-1", receiver.url("/cb"));

      assertThat(ingestItems(first, item("other", receiver.url("/cb"))).statusCode())
          .isEqualTo(200);
      assertThat(ingestItems(first.replace("agent123", "agent999")).statusCode()).isEqualTo(200);
      assertThat(emulator.awaitIdle(Duration.ofSeconds(10))).isTrue();

      assertThat(emulator.partnerItems()).containsOnlyKeys("dup-1", "other");
      PartnerItem dup = emulator.partnerItems().get("dup-1");
      assertThat(dup.submissions()).isEqualTo(2);
      assertThat((Map<String, Object>) dup.item().get("agent")).containsEntry("id", "agent123");
      assertThat(emulator.callbackAttempts())
          .extracting(CallbackAttempt::callId)
          .containsExactlyInAnyOrder("dup-1", "other");
      assertThat(receiver.received).hasSize(2);
    }
  }

  @Test
  void deliversASignedCallbackInTheDocumentedShape() throws Exception {
    try (CallbackReceiver receiver = new CallbackReceiver()) {
      start(b -> b.webhookSecret(SECRET));
      long before = Instant.now().getEpochSecond();

      ingestItems(item("call-42", receiver.url("/hooks/abc")));
      await("a callback", () -> receiver.received.size() == 1);

      CallbackReceiver.Received callback = receiver.received.get(0);
      String id = callback.header("webhook-id");
      String timestamp = callback.header("webhook-timestamp");
      assertThat(id).startsWith("msg_");
      assertThat(Long.parseLong(timestamp)).isBetween(before, Instant.now().getEpochSecond());
      assertThat(callback.header("webhook-signature"))
          .isEqualTo(expectedSignature(id, timestamp, callback.body()));
      assertThat(callback.header("Content-Type")).isEqualTo("application/json");

      Map<String, Object> body = json(TestHttp.utf8(callback.body()));
      assertThat(body)
          .containsKeys(
              "call_id",
              "intent",
              "intent_justification",
              "quality_score",
              "summary",
              "bant",
              "qualification",
              "quality",
              "meta");
      assertThat(body.get("call_id")).isEqualTo("call-42");
      assertThat((Double) body.get("quality_score")).isBetween(0.0, 100.0);
      assertThat((List<Map<String, Object>>) body.get("summary"))
          .allSatisfy(c -> assertThat(c).containsOnlyKeys("chapter_name", "chapter_summary"));
      assertThat((Map<String, Object>) body.get("bant"))
          .containsOnlyKeys("needs", "objection", "concern_categories", "objection_handling");
      assertThat((List<Map<String, Object>>) body.get("quality"))
          .allSatisfy(
              q ->
                  assertThat(q)
                      .containsOnlyKeys(
                          "justification",
                          "suggestion",
                          "parameter_name",
                          "inference_score",
                          "parameter_score",
                          "is_fatal"));
      Map<String, Object> meta = (Map<String, Object>) body.get("meta");
      assertThat(meta)
          .containsEntry("source", "webhook")
          .containsEntry("campaign", "Q1 Outreach")
          .containsEntry("attempt", 2.0);
      assertThat((String) meta.get("timestamp"))
          .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");

      await(
          "delivered",
          () -> emulator.partnerItems().get("call-42").state() == PartnerItem.State.DELIVERED);
      assertThat(emulator.partnerItems().get("call-42").callbackBody())
          .contains(TestHttp.utf8(callback.body()));
    }
  }

  @Test
  void retriesAFailedDeliveryWithTheSameMessageId() throws Exception {
    try (CallbackReceiver receiver = new CallbackReceiver(500, 503)) {
      start(b -> b.webhookSecret(SECRET));

      ingestItems(item("retry-1", receiver.url("/cb")));
      assertThat(emulator.awaitIdle(Duration.ofSeconds(10))).isTrue();

      assertThat(emulator.callbackAttempts())
          .extracting(CallbackAttempt::attempt, CallbackAttempt::statusCode)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(1, 500),
              org.assertj.core.groups.Tuple.tuple(2, 503),
              org.assertj.core.groups.Tuple.tuple(3, 200));
      assertThat(receiver.received).hasSize(3);
      assertThat(receiver.received)
          .extracting(r -> r.header("webhook-id"))
          .containsOnly(emulator.callbackAttempts().get(0).messageId());
      assertThat(receiver.received)
          .allSatisfy(
              r ->
                  assertThat(r.header("webhook-signature"))
                      .isEqualTo(
                          expectedSignature(
                              r.header("webhook-id"), r.header("webhook-timestamp"), r.body())));
      assertThat(emulator.partnerItems().get("retry-1").state())
          .isEqualTo(PartnerItem.State.DELIVERED);
    }
  }

  @Test
  void givesUpAfterThreeRetries() throws Exception {
    try (CallbackReceiver receiver = new CallbackReceiver(500, 500, 500, 500, 500)) {
      start(b -> {});

      ingestItems(item("doomed", receiver.url("/cb")));
      assertThat(emulator.awaitIdle(Duration.ofSeconds(10))).isTrue();

      assertThat(emulator.callbackAttempts())
          .extracting(CallbackAttempt::attempt)
          .containsExactly(1, 2, 3, 4);
      assertThat(receiver.received).hasSize(4);
      assertThat(receiver.received.get(0).header("webhook-signature")).isNull();
      assertThat(emulator.partnerItems().get("doomed").state())
          .isEqualTo(PartnerItem.State.DELIVERY_FAILED);
    }
  }

  @Test
  void retriesWhenTheReceiverCannotBeReached() throws Exception {
    start(b -> {});

    ingestItems(item("nobody", "http://127.0.0.1:1/cb"));
    assertThat(emulator.awaitIdle(Duration.ofSeconds(10))).isTrue();

    assertThat(emulator.callbackAttempts())
        .hasSize(4)
        .allSatisfy(
            a -> {
              assertThat(a.statusCode()).isZero();
              assertThat(a.error()).isPresent();
              assertThat(a.succeeded()).isFalse();
            });
  }

  /** The Standard Webhooks signature, computed independently of the emulator's signer. */
  private static String expectedSignature(String id, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring(6)), "HmacSHA256"));
      byte[] signed =
          (id + "." + timestamp + "." + new String(body, StandardCharsets.UTF_8))
              .getBytes(StandardCharsets.UTF_8);
      return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
