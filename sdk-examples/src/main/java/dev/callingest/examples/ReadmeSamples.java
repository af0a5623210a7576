package dev.callingest.examples;

import dev.callingest.callback.CallbackOutcome;
import dev.callingest.callback.CallbackReceiver;
import dev.callingest.callback.CallbackRequest;
import dev.callingest.callback.StandardWebhooksVerifier;
import dev.callingest.partner.Agent;
import dev.callingest.partner.BatchAcknowledgement;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The code samples of README.md, kept here so that the build proves they compile. Each method is
 * one sample; they talk to the production endpoints and are not run by the tests.
 */
public final class ReadmeSamples {
  private ReadmeSamples() {}

  /**
   * The Upload API sample: submit a batch, wait for it, list the failed calls.
   *
   * @param apiKey the Upload API key
   */
  public static void upload(String apiKey) {
    try (UploadClient client = UploadClient.create(apiKey)) {
      UploadCall call =
          UploadCall.builder()
              .externalId("call_12345")
              .audioUrl("https://recordings.example.com/call_12345.mp3")
              .userEmail("agent@example.com")
              .callDate(Instant.parse("2025-01-15T14:30:00Z"))
              .direction(CallDirection.OUTBOUND)
              .durationSeconds(350)
              .build();
      SubmissionReceipt receipt = client.submit(UploadBatch.of(List.of(call)));
      BatchStatus status = client.awaitCompletion(receipt.batchId());
      System.out.println(status.status() + ": " + status.processed() + "/" + status.totalCalls());
      status
          .failedCalls()
          .forEach(
              c -> System.out.println(c.externalId() + " failed: " + c.errorMessage().orElse("?")));
    }
  }

  /**
   * The Partner API sample: submit one call; the analysis arrives on the callback URL.
   *
   * @param key the API key
   * @param secret the API secret
   * @param tenant the tenant id
   * @param subTenant the sub-tenant id
   */
  public static void partner(String key, String secret, String tenant, String subTenant) {
    PartnerCredentials credentials = PartnerCredentials.of(key, secret, tenant, subTenant);
    try (PartnerClient client = PartnerClient.create(credentials)) {
      IngestItem item =
          IngestItem.builder()
              .call(
                  CallDetails.builder()
                      .id("call123")
                      .recordingUrl("https://recordings.example.com/call123.mp3")
                      .startTime(Instant.parse("2023-01-01T10:00:00Z"))
                      .endTime(Instant.parse("2023-01-01T10:30:00Z"))
                      .contactNumber("+1234567890")
                      .build())
              .agent(Agent.of("agent123"))
              .customer(Customer.of("customer123"))
              .callbackUrl("https://crm.example.com/callbacks")
              .build();
      BatchAcknowledgement ack = client.submit(IngestBatch.of(item));
      System.out.println("accepted " + ack.callIds());
    }
  }

  /**
   * The callback sample: verify and parse one delivery in any HTTP stack.
   *
   * @param webhookSecret the {@code whsec_} secret shared with the sender
   * @param headers the request's headers
   * @param body the request's raw body
   * @return the HTTP status to answer
   */
  public static int callback(String webhookSecret, Map<String, List<String>> headers, byte[] body) {
    CallbackReceiver receiver =
        CallbackReceiver.builder()
            .verifier(StandardWebhooksVerifier.builder().addSecret(webhookSecret).build())
            .build();
    CallbackRequest request =
        CallbackRequest.builder().method("POST").headers(headers).body(body).build();
    CallbackOutcome outcome =
        receiver.handle(
            request,
            (deliveryId, analysis) ->
                System.out.println(
                    analysis.callId()
                        + ": "
                        + analysis.intent()
                        + ", score "
                        + analysis.qualityScore().map(Object::toString).orElse("-")));
    return outcome.statusCode();
  }
}
