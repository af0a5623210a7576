package dev.callingest.examples.differential;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import dev.callingest.ClientOptions;
import dev.callingest.emulator.Emulator;
import dev.callingest.partner.Agent;
import dev.callingest.partner.CallDetails;
import dev.callingest.partner.Customer;
import dev.callingest.partner.IngestBatch;
import dev.callingest.partner.IngestItem;
import dev.callingest.partner.PartnerClient;
import dev.callingest.partner.PartnerCredentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The SDK's Partner validation and the emulator's, written apart from the same document, must agree
 * on every item. Random items, each field valid or broken in a documented way, are judged by both.
 */
class PartnerValidationDifferentialTest {
  static final Instant START = Instant.parse("2026-02-10T14:05:00Z");
  static final String[] IDS = {"p-%d", "", "  "};
  static final String[] RECORDINGS = {
    "https://rec.example.com/a.mp3", "http://rec.example.com/a.wav", "ftp://rec.example.com/a.mp3",
    "rec.example.com/a.mp3", "https:///a.mp3"
  };
  static final long[] LENGTHS = {600, 1, 0, -60};
  static final String[] NUMBERS = {
    "+14155550123", "4155550123", "+0123456", "+1", "+12", "+123456789012345", "+1234567890123456",
    "+1 415 555 0123"
  };
  static final String[] EMAILS = {null, "rep@example.com", "rep@", "rep@example"};
  static final String[] NAMES = {null, "Dana Ruiz", "n".repeat(255), "n".repeat(256)};
  static final String[] CALLBACKS = {
    null, "https://crm.example.com/cb", "http://crm.example.com/cb", "http://127.0.0.1:9/cb",
    "crm.example.com/cb"
  };

  @Test
  void theSdkAndTheEmulatorJudgeEveryItemAlike() throws Exception {
    Random random = new Random(2027);
    List<String> disagreements = new ArrayList<>();
    int[] accepted = {0};
    int[] refused = {0};
    HttpClient http = HttpClient.newHttpClient();
    var json = new Moshi.Builder().build().adapter(Object.class);
    try (Emulator emulator = Emulator.builder().partnerRequestsPerMinute(1_000_000).build().start()) {
      List<String> credentials = emulator.partnerCredentials();
      ClientOptions options = ClientOptions.builder()
          .baseUrl(emulator.partnerBaseUrl())
          .credentials(PartnerCredentials.of(credentials.get(0), credentials.get(1), credentials.get(2), credentials.get(3)))
          .build();
      try (PartnerClient client = PartnerClient.builder().options(options).allowLoopbackHttpCallbacks(true).build()) {
        for (int n = 0; n < 200; n++) {
          String id = String.format(pick(random, IDS), n);
          String recording = pick(random, RECORDINGS);
          Instant end = START.plusSeconds(LENGTHS[random.nextInt(4) > 0 ? 0 : random.nextInt(LENGTHS.length)]);
          String number = pick(random, NUMBERS);
          String agentId = random.nextInt(12) == 0 ? "" : "rep-" + n;
          String agentEmail = pick(random, EMAILS);
          String agentName = pick(random, NAMES);
          String customerId = random.nextInt(12) == 0 ? "" : "cust-" + n;
          String customerEmail = pick(random, EMAILS);
          String customerName = pick(random, NAMES);
          String callback = pick(random, CALLBACKS);
          int metadataPairs = random.nextInt(4) > 0 ? random.nextInt(6) : random.nextInt(8);
          int customFields = random.nextInt(4) > 0 ? random.nextInt(11) : random.nextInt(13);

          IngestItem.Builder item = IngestItem.builder()
              .call(CallDetails.builder().id(id).recordingUrl(recording).startTime(START).endTime(end)
                  .contactNumber(number).build());
          Agent.Builder agent = Agent.builder().id(agentId);
          if (agentEmail != null) agent.email(agentEmail);
          if (agentName != null) agent.name(agentName);
          Customer.Builder customer = Customer.builder().id(customerId);
          if (customerEmail != null) customer.email(customerEmail);
          if (customerName != null) customer.name(customerName);
          item.agent(agent.build()).customer(customer.build());
          if (callback != null) item.callbackUrl(callback);

          Map<String, Object> callJson = new LinkedHashMap<>();
          callJson.put("id", id);
          callJson.put("recording_url", recording);
          callJson.put("start_time", START.toString());
          callJson.put("end_time", end.toString());
          callJson.put("contact_number", number);
          Map<String, Object> agentJson = new LinkedHashMap<>();
          agentJson.put("id", agentId);
          if (agentEmail != null) agentJson.put("email", agentEmail);
          if (agentName != null) agentJson.put("name", agentName);
          Map<String, Object> customerJson = new LinkedHashMap<>();
          customerJson.put("id", customerId);
          if (customerEmail != null) customerJson.put("email", customerEmail);
          if (customerName != null) customerJson.put("name", customerName);
          Map<String, Object> itemJson = new LinkedHashMap<>();
          itemJson.put("call", callJson);
          itemJson.put("agent", agentJson);
          itemJson.put("customer", customerJson);
          if (callback != null) itemJson.put("callback_url", callback);
          Map<String, Object> metadata = new LinkedHashMap<>();
          for (int i = 0; i < metadataPairs; i++) {
            if (i % 2 == 0) {
              item.putMetadata("k" + i, "v" + i);
              metadata.put("k" + i, "v" + i);
            } else {
              item.putMetadata("k" + i, i);
              metadata.put("k" + i, i);
            }
          }
          if (metadataPairs > 0) itemJson.put("metadata", metadata);
          List<Object> fields = new ArrayList<>();
          for (int i = 0; i < customFields; i++) {
            item.addCustomField("f" + i, "x" + i);
            fields.add(Map.of("internal_name", "f" + i, "value", "x" + i));
          }
          if (customFields > 0) itemJson.put("custom_fields", fields);

          boolean sdkAccepts = client.validate(IngestBatch.of(item.build())).isEmpty();
          String body = json.toJson(Map.of("data", List.of(itemJson)));
          HttpResponse<String> response = http.send(
              HttpRequest.newBuilder(URI.create(emulator.partnerBaseUrl() + "/partner/ingest/batch-call"))
                  .header("x-api-key", credentials.get(0))
                  .header("x-api-secret", credentials.get(1))
                  .header("x-tenant-id", credentials.get(2))
                  .header("x-sub-tenant-id", credentials.get(3))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
          boolean emulatorAccepts = response.statusCode() == 200;
          if (!emulatorAccepts) assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
          if (sdkAccepts && emulatorAccepts) accepted[0]++;
          if (!sdkAccepts && !emulatorAccepts) refused[0]++;
          if (sdkAccepts != emulatorAccepts) {
            disagreements.add((sdkAccepts ? "SDK accepts, emulator refuses: " : "SDK refuses, emulator accepts: ")
                + client.validate(IngestBatch.of(item.build())) + " / " + response.body());
          }
        }
      }
    }
    assertThat(disagreements).isEmpty();
    // Both verdicts must be common, or agreement would prove little.
    assertThat(accepted[0]).isGreaterThanOrEqualTo(30);
    assertThat(refused[0]).isGreaterThanOrEqualTo(30);
  }

  /** The first value (a valid one) three times in four, else any: so both verdicts are common. */
  private static String pick(Random random, String[] values) {
    return values[random.nextInt(4) > 0 ? 0 : random.nextInt(values.length)];
  }
}
