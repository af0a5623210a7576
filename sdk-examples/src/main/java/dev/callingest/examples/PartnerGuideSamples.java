package dev.callingest.examples;

import dev.callingest.AuthenticationException;
import dev.callingest.CallingestException;
import dev.callingest.ClientOptions;
import dev.callingest.RateLimitedException;
import dev.callingest.ServerValidationException;
import dev.callingest.ValidationException;
import dev.callingest.Violation;
import dev.callingest.partner.Agent;
import dev.callingest.partner.BatchAcknowledgement;
import dev.callingest.partner.CallDetails;
import dev.callingest.partner.Customer;
import dev.callingest.partner.IngestBatch;
import dev.callingest.partner.IngestItem;
import dev.callingest.partner.PartnerClient;
import dev.callingest.partner.PartnerCredentials;
import dev.callingest.partner.PartnerPacing;
import java.time.Duration;
import java.time.Instant;

/**
 * The code of docs/partner-api.md, kept here so that the build proves it compiles. Not run by the
 * tests (it talks to the production endpoint).
 */
public final class PartnerGuideSamples {
  private PartnerGuideSamples() {}

  /** {@return the client options of the guide's first step} */
  static ClientOptions options() {
    return ClientOptions.builder()
        .baseUrl(PartnerClient.PRODUCTION_BASE_URL)
        .credentials(
            PartnerCredentials.of(
                System.getenv("PARTNER_API_KEY"),
                System.getenv("PARTNER_API_SECRET"),
                "tenant-7",
                "branch-3"))
        .build();
  }

  /** {@return the batch of the guide's second step} */
  static IngestBatch batch() {
    IngestItem item =
        IngestItem.builder()
            .call(
                CallDetails.builder()
                    .id("crm-call-8812")
                    .recordingUrl("https://media.example.org/rec/8812.wav")
                    .startTime(Instant.parse("2026-03-02T09:15:00Z"))
                    .endTime(Instant.parse("2026-03-02T09:41:30Z"))
                    .contactNumber("+442071838750")
                    .build())
            .agent(
                Agent.builder().id("rep-17").email("dana@seller.example").name("Dana Ruiz").build())
            .customer(
                Customer.builder()
                    .id("acct-5521")
                    .name("Omar Haddad")
                    .dispositionStatus("callback")
                    .build())
            .industry("Logistics")
            .function("Sales")
            .callbackUrl("https://hooks.seller.example/analysis")
            .putMetadata("region", "emea")
            .putMetadata("attempt", 2)
            .addCustomField("deal_stage", "proposal")
            .build();
    return IngestBatch.of(item);
  }

  /**
   * The guide's submit and error handling.
   *
   * @param client the client
   * @param batch the batch
   */
  static void submit(PartnerClient client, IngestBatch batch) {
    try {
      BatchAcknowledgement ack = client.submit(batch);
      System.out.println("accepted " + ack.callIds().size() + " calls: " + ack.callIds());
    } catch (ValidationException e) {
      for (Violation v : e.violations()) {
        System.out.println(v.path() + " " + v.rule() + " (call " + v.recordId().orElse("?") + ")");
      }
    } catch (ServerValidationException e) {
      e.violations()
          .forEach(v -> System.out.println("server refused " + v.path() + ": " + v.rule()));
    } catch (RateLimitedException e) {
      scheduleRetry(batch, e.retryAfter().orElse(Duration.ofMinutes(1)));
    } catch (AuthenticationException e) {
      System.out.println("Partner API credentials refused; request " + e.requestId().orElse("?"));
    } catch (CallingestException e) {
      scheduleRetry(batch, Duration.ofMinutes(5));
    }
  }

  /**
   * The guide's paced client: at most 60 requests in any sliding minute.
   *
   * @param options the options with Partner credentials
   * @return the client
   */
  static PartnerClient pacedClient(ClientOptions options) {
    return PartnerClient.builder()
        .options(options)
        .pacing(
            PartnerPacing.builder().requestsPerWindow(60).maxWait(Duration.ofMinutes(1)).build())
        .build();
  }

  /**
   * The guide's paced client with another window.
   *
   * @param options the options with Partner credentials
   * @return the client
   */
  static PartnerClient pacedClientWithWindow(ClientOptions options) {
    return PartnerClient.builder()
        .options(options)
        .pacing(
            PartnerPacing.builder().requestsPerWindow(600).window(Duration.ofMinutes(10)).build())
        .build();
  }

  private static void scheduleRetry(IngestBatch batch, Duration after) {
    System.out.println("retry " + batch.callIds() + " in " + after);
  }
}
