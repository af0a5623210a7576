package dev.callingest.examples.connector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.bulk.ImportReport;
import dev.callingest.emulator.CallbackAttempt;
import dev.callingest.emulator.Emulator;
import dev.callingest.emulator.PartnerItem;
import dev.callingest.emulator.WebhookSigner;
import dev.callingest.upload.SubmissionReceipt;
import dev.callingest.upload.UploadBatch;
import dev.callingest.upload.UploadCall;
import dev.callingest.upload.UploadClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The starter in a real application over real HTTP: the connector's clients come from properties
 * and submit to the emulator, the emulator's signed callbacks reach the starter's endpoint and are
 * consumed once, a retried delivery is answered as a duplicate, a forged one is refused, and the
 * meters show it all.
 */
@SpringBootTest(
    classes = ConnectorApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.main.banner-mode=off")
class ConnectorApplicationTest {
  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final String OTHER_SECRET = "whsec_QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB";
  static final Emulator EMULATOR =
      Emulator.builder()
          .allStages(Duration.ofMillis(5))
          .callbackDelay(Duration.ofMillis(5))
          .callbackRetryBackoff(Duration.ofMillis(50))
          .webhookSecret(SECRET)
          .build()
          .start();

  @DynamicPropertySource
  static void apis(DynamicPropertyRegistry properties) {
    List<String> partner = EMULATOR.partnerCredentials();
    properties.add("callingest.upload.base-url", EMULATOR::uploadBaseUrl);
    properties.add("callingest.upload.api-key", EMULATOR::uploadApiKey);
    properties.add("callingest.partner.base-url", EMULATOR::partnerBaseUrl);
    properties.add("callingest.partner.api-key", () -> partner.get(0));
    properties.add("callingest.partner.api-secret", () -> partner.get(1));
    properties.add("callingest.partner.tenant-id", () -> partner.get(2));
    properties.add("callingest.partner.sub-tenant-id", () -> partner.get(3));
    properties.add("callingest.partner.allow-loopback-http-callbacks", () -> "true");
    properties.add("callingest.callback.webhook-secrets", () -> SECRET);
    properties.add("callingest.callback.path", () -> "/crm/callbacks");
  }

  @AfterAll
  static void stopEmulator() {
    EMULATOR.close();
  }

  @LocalServerPort int port;
  @Autowired CallImporter importer;
  @Autowired AnalysisInbox inbox;
  @Autowired UploadClient uploadClient;
  @Autowired MeterRegistry registry;

  final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @Test
  void importsAFileAndReceivesEachAnalysisOnceDuplicatesAnsweredForgeriesRefused(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("calls.csv");
    Files.writeString(
        file,
        String.join(
            "\n",
            "call_id,recording_url,started_at,duration_seconds,agent_id,agent_email,customer_id,contact_phone,contact_email",
            "sb-1,https://rec.example.com/1.mp3,2025-01-15T14:30:00Z,60,a1,rep@example.com,c1,+15551234567,one@example.com",
            "sb-2,https://rec.example.com/2.mp3,2025-01-15T15:30:00Z,90,a1,rep@example.com,c2,+15551234568,two@example.com",
            "sb-3,https://rec.example.com/3.mp3,2025-01-15T16:30:00Z,30,a2,rep2@example.com,c3,+15551234569,",
            "sb-4,https://rec.example.com/4.mp3,2025-01-15T17:30:00Z,45,a2,rep2@example.com,c4,+15551234570,not-an-email",
            ""),
        StandardCharsets.UTF_8);

    ImportReport report = importer.importFile(file);

    assertThat(report.accepted()).isEqualTo(3);
    assertThat(report.rejected()).isEqualTo(1);
    assertThat(EMULATOR.awaitIdle(Duration.ofSeconds(30))).isTrue();
    Map<String, PartnerItem> items = EMULATOR.partnerItems();
    assertThat(items.keySet()).containsExactlyInAnyOrder("sb-1", "sb-2", "sb-3");
    assertThat(items.values())
        .allSatisfy(
            item -> {
              assertThat(item.state()).isEqualTo(PartnerItem.State.DELIVERED);
              assertThat(item.callbackUrl())
                  .contains("http://127.0.0.1:" + port + "/crm/callbacks");
            });
    assertThat(EMULATOR.callbackAttempts())
        .extracting(CallbackAttempt::statusCode)
        .containsOnly(200);
    assertThat(inbox.analyses().keySet()).containsExactlyInAnyOrder("sb-1", "sb-2", "sb-3");
    assertThat(inbox.analyses().get("sb-2").qualityScore()).isPresent();

    // The sender retries a delivery: the same webhook-id, signed afresh.
    CallbackAttempt delivered =
        EMULATOR.callbackAttempts().stream()
            .filter(a -> a.callId().equals("sb-2"))
            .findFirst()
            .orElseThrow();
    byte[] body = items.get("sb-2").callbackBody().orElseThrow().getBytes(StandardCharsets.UTF_8);
    assertThat(post(delivered.messageId(), body, WebhookSigner.of(SECRET))).isEqualTo(200);
    // A forgery: right format, wrong key.
    assertThat(post("msg_forged000000000000000000", body, WebhookSigner.of(OTHER_SECRET)))
        .isEqualTo(401);

    assertThat(inbox.handled()).hasSize(3).containsOnlyOnce("sb-2");
    assertThat(count("callingest.callback.outcomes", "outcome", "accepted")).isEqualTo(3);
    assertThat(count("callingest.callback.outcomes", "outcome", "duplicate")).isEqualTo(1);
    assertThat(count("callingest.callback.outcomes", "outcome", "rejected")).isEqualTo(1);
    assertThat(
            registry
                .get("callingest.callback.outcomes")
                .tag("outcome", "rejected")
                .counter()
                .getId()
                .getTag("status"))
        .isEqualTo("4xx");
    assertThat(count("callingest.import.outcomes", "outcome", "accepted")).isEqualTo(3);
    assertThat(count("callingest.import.outcomes", "outcome", "rejected")).isEqualTo(1);
    assertThat(
            registry
                .get("callingest.client.requests")
                .tags("api", "partner", "operation", "submit", "status", "2xx")
                .timer()
                .count())
        .isEqualTo(1);
  }

  @Test
  void uploadClientFromPropertiesSubmitsToTheEmulator() {
    UploadBatch batch =
        UploadBatch.builder()
            .addCalls(
                UploadCall.builder()
                    .externalId("sb-upload-1")
                    .audioUrl("s3://recordings/sb-upload-1.mp3")
                    .userEmail("rep@example.com")
                    .callDate(OffsetDateTime.parse("2025-01-15T14:30:00Z"))
                    .build())
            .build();

    SubmissionReceipt receipt = uploadClient.submit(batch);

    assertThat(EMULATOR.batch(receipt.batchId())).isPresent();
    assertThat(
            registry
                .get("callingest.client.requests")
                .tags("api", "upload", "operation", "submit", "status", "2xx")
                .timer()
                .count())
        .isEqualTo(1);
    // Meters carry no batch or call id.
    assertThat(registry.getMeters())
        .allSatisfy(
            meter ->
                assertThat(meter.getId().getTags().toString())
                    .doesNotContain(receipt.batchId())
                    .doesNotContain("sb-upload-1")
                    .doesNotContain("sb-2"));
  }

  int post(String messageId, byte[] body, WebhookSigner signer) throws Exception {
    long now = Instant.now().getEpochSecond();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/crm/callbacks"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .header("webhook-id", messageId)
            .header("webhook-timestamp", Long.toString(now))
            .header("webhook-signature", signer.sign(messageId, now, body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  double count(String name, String tag, String value) {
    return registry.get(name).tag(tag, value).counters().stream().mapToDouble(c -> c.count()).sum();
  }
}
