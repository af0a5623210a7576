package example.consumer;

import com.sun.net.httpserver.HttpServer;
import dev.callingest.ClientOptions;
import dev.callingest.analysis.CallAnalysis;
import dev.callingest.callback.CallbackOutcome;
import dev.callingest.callback.CallbackReceiver;
import dev.callingest.callback.CallbackRequest;
import dev.callingest.callback.CallbackUrlKey;
import dev.callingest.callback.CallbackUrlSigner;
import dev.callingest.callback.CallbackUrlVerifier;
import dev.callingest.emulator.Emulator;
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
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What a user's program does with the published artifacts, against the emulator: an Upload batch
 * submitted and waited for, a Partner item submitted with a capability callback URL, and its
 * callback verified and parsed by the receiver. Exits non-zero on any failure.
 */
public final class Smoke {
  public static void main(String[] args) throws Exception {
    System.out.printf("smoke: Java %s (%s)%n", System.getProperty("java.version"),
        System.getProperty("java.vm.vendor"));
    try (Emulator emulator = Emulator.builder()
        .allStages(Duration.ofMillis(20))
        .callbackDelay(Duration.ofMillis(20))
        .build()
        .start()) {
      upload(emulator);
      partner(emulator);
    }
    System.out.println("smoke: passed");
  }

  private static void upload(Emulator emulator) {
    ClientOptions options = ClientOptions.builder()
        .baseUrl(emulator.uploadBaseUrl())
        .credentials(UploadCredentials.of(emulator.uploadApiKey()))
        .build();
    UploadCall call = UploadCall.builder()
        .externalId("smoke-upload-1")
        .audioUrl(emulator.audioUrl("smoke-upload-1.wav"))
        .userEmail("agent@seller.example")
        .callDate(Instant.parse("2026-03-02T09:00:00Z"))
        .direction(CallDirection.OUTBOUND)
        .durationSeconds(90)
        .build();
    try (UploadClient client = UploadClient.create(options)) {
      SubmissionReceipt receipt = client.submit(UploadBatch.of(List.of(call)));
      BatchStatus done = client.awaitCompletion(receipt.batchId(), WaitOptions.builder()
          .interval(Duration.ofMillis(20), Duration.ofMillis(100))
          .timeout(Duration.ofSeconds(30))
          .build());
      check(done.rawStatus().equals("completed") && done.processed() == 1,
          "upload batch " + receipt.batchId() + " ended " + done.rawStatus());
      System.out.printf("smoke: Upload API batch %s %s%n", receipt.batchId(), done.rawStatus());
    }
  }

  private static void partner(Emulator emulator) throws IOException, InterruptedException {
    CallbackUrlKey key = CallbackUrlKey.generate("smoke");
    CallbackReceiver receiver = CallbackReceiver.builder()
        .verifier(CallbackUrlVerifier.builder().addKey(key).build())
        .build();
    BlockingQueue<CallAnalysis> analyses = new ArrayBlockingQueue<>(4);
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/callbacks", exchange -> {
      try (exchange) {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        CallbackRequest request = CallbackRequest.builder()
            .method(exchange.getRequestMethod())
            .uri(exchange.getRequestURI())
            .headers(exchange.getRequestHeaders())
            .body(exchange.getRequestBody(), length == null ? -1 : Long.parseLong(length))
            .build();
        CallbackOutcome outcome = receiver.handle(request, (deliveryId, analysis) -> analyses.add(analysis));
        exchange.sendResponseHeaders(outcome.statusCode(), -1);
      }
    });
    server.start();
    try {
      String callbackUrl = CallbackUrlSigner.builder().key(key).build()
          .sign("http://127.0.0.1:" + server.getAddress().getPort() + "/callbacks", "smoke-partner-1");
      List<String> c = emulator.partnerCredentials();
      ClientOptions options = ClientOptions.builder()
          .baseUrl(emulator.partnerBaseUrl())
          .credentials(PartnerCredentials.of(c.get(0), c.get(1), c.get(2), c.get(3)))
          .build();
      Instant start = Instant.parse("2026-03-02T10:00:00Z");
      IngestItem item = IngestItem.builder()
          .call(CallDetails.builder()
              .id("smoke-partner-1")
              .recordingUrl(emulator.audioUrl("smoke-partner-1.wav"))
              .startTime(start)
              .endTime(start.plus(Duration.ofMinutes(5)))
              .contactNumber("+442071838750")
              .build())
          .agent(Agent.of("rep-1"))
          .customer(Customer.of("acct-1"))
          .callbackUrl(callbackUrl)
          .build();
      try (PartnerClient client = PartnerClient.builder()
          .options(options)
          .allowLoopbackHttpCallbacks(true)
          .build()) {
        client.submit(IngestBatch.of(item));
        System.out.println("smoke: Partner API accepted the item");
      }
      CallAnalysis analysis = analyses.poll(30, TimeUnit.SECONDS);
      check(analysis != null, "no verified callback within 30 s");
      check(analysis.callId().equals("smoke-partner-1"), "callback for " + analysis.callId());
      System.out.printf("smoke: verified callback for %s, intent %s%n", analysis.callId(),
          analysis.rawIntent().orElse("(none)"));
    } finally {
      server.stop(0);
    }
  }

  private static void check(boolean condition, String failure) {
    if (!condition) throw new IllegalStateException("smoke failed: " + failure);
  }
}
