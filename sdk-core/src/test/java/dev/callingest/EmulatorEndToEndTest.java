package dev.callingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.callingest.analysis.CallAnalysis;
import dev.callingest.emulator.EmulatorExtension;
import dev.callingest.emulator.ReceivedBatch;
import dev.callingest.partner.Agent;
import dev.callingest.partner.CallDetails;
import dev.callingest.partner.Customer;
import dev.callingest.partner.IngestBatch;
import dev.callingest.partner.IngestItem;
import dev.callingest.partner.PartnerClient;
import dev.callingest.partner.PartnerCredentials;
import dev.callingest.upload.BatchStatus;
import dev.callingest.upload.CallDirection;
import dev.callingest.upload.SubmissionReceipt;
import dev.callingest.upload.UploadBatch;
import dev.callingest.upload.UploadCall;
import dev.callingest.upload.UploadClient;
import dev.callingest.upload.UploadCredentials;
import dev.callingest.upload.WaitOptions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Both clients against the emulator of both APIs, over real sockets, as a user's test would run.
 */
class EmulatorEndToEndTest {
  @RegisterExtension
  static final EmulatorExtension EMULATOR =
      EmulatorExtension.builder()
          .configure(b -> b.allStages(Duration.ofMillis(20)).callbackDelay(Duration.ofMillis(20)))
          .build();

  @Test
  void uploadBatchIsSubmittedAndCompletes() {
    ClientOptions options =
        ClientOptions.builder()
            .baseUrl(EMULATOR.uploadBaseUrl())
            .credentials(UploadCredentials.of(EMULATOR.uploadApiKey()))
            .build();
    UploadBatch batch = UploadBatch.of(List.of(uploadCall("e2e-1"), uploadCall("e2e-2")));

    try (UploadClient client = UploadClient.create(options)) {
      SubmissionReceipt receipt = client.submit(batch);
      BatchStatus done =
          client.awaitCompletion(
              receipt.batchId(),
              WaitOptions.builder()
                  .interval(Duration.ofMillis(20), Duration.ofMillis(50))
                  .timeout(Duration.ofSeconds(20))
                  .build());

      assertThat(done.rawStatus()).isEqualTo("completed");
      assertThat(done.processed()).isEqualTo(2);
      ReceivedBatch received = EMULATOR.emulator().batch(receipt.batchId()).orElseThrow();
      assertThat(received.calls()).hasSize(2);
      assertThat(received.idempotencyKey()).isPresent();
    }
  }

  @Test
  void partnerItemIsAcceptedAndItsAnalysisComesBackByCallback() throws Exception {
    BlockingQueue<byte[]> bodies = new ArrayBlockingQueue<>(4);
    HttpServer receiver =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/callbacks",
        exchange -> {
          bodies.add(exchange.getRequestBody().readAllBytes());
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
    List<String> c = EMULATOR.partnerCredentials();
    ClientOptions options =
        ClientOptions.builder()
            .baseUrl(EMULATOR.partnerBaseUrl())
            .credentials(PartnerCredentials.of(c.get(0), c.get(1), c.get(2), c.get(3)))
            .build();
    Instant start = Instant.parse("2026-03-02T10:00:00Z");
    IngestItem item =
        IngestItem.builder()
            .call(
                CallDetails.builder()
                    .id("e2e-partner-1")
                    .recordingUrl(EMULATOR.audioUrl("e2e-partner-1.wav"))
                    .startTime(start)
                    .endTime(start.plus(Duration.ofMinutes(4)))
                    .contactNumber("+442071838750")
                    .build())
            .agent(Agent.of("rep-1"))
            .customer(Customer.of("acct-1"))
            .callbackUrl("http://127.0.0.1:" + receiver.getAddress().getPort() + "/callbacks")
            .build();

    try (PartnerClient client =
        PartnerClient.builder().options(options).allowLoopbackHttpCallbacks(true).build()) {
      client.submit(IngestBatch.of(item));
      byte[] body = bodies.poll(20, TimeUnit.SECONDS);

      assertThat(body).as("callback body").isNotNull();
      assertThat(CallAnalysis.fromJson(new String(body, UTF_8)).callId())
          .isEqualTo("e2e-partner-1");
      assertThat(EMULATOR.partnerItems()).containsKey("e2e-partner-1");
    } finally {
      receiver.stop(0);
    }
  }

  private static UploadCall uploadCall(String externalId) {
    return UploadCall.builder()
        .externalId(externalId)
        .audioUrl(EMULATOR.audioUrl(externalId + ".wav"))
        .userEmail("agent@seller.example")
        .callDate(Instant.parse("2026-03-02T09:00:00Z"))
        .direction(CallDirection.OUTBOUND)
        .durationSeconds(120)
        .build();
  }
}
