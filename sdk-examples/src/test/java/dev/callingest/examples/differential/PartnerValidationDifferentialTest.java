package dev.callingest.examples.differential;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import dev.callingest.ClientOptions;
import dev.callingest.ServerValidationException;
import dev.callingest.emulator.Emulator;
import dev.callingest.partner.Agent;
import dev.callingest.partner.CallDetails;
import dev.callingest.partner.Customer;
import dev.callingest.partner.IngestBatch;
import dev.callingest.partner.IngestItem;
import dev.callingest.partner.PartnerClient;
import dev.callingest.partner.PartnerCredentials;
import dev.callingest.partner.PartnerPacing;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The SDK's Partner validation and the emulator's, written apart from the same document, must agree
 * on every item. Every value of every category (ids and blanks, URLs, times, numbers, emails, names
 * counted in code points, callback URLs, custom field names, counts) is first tried alone in an
 * otherwise valid item, then random items mix them. An item the SDK accepts is submitted through
 * the SDK, so the emulator judges the bytes the SDK writes; one it refuses (or cannot even build)
 * is sent as plain JSON, as a client without validation would send it.
 */
class PartnerValidationDifferentialTest {
  static final Instant START = Instant.parse("2026-02-10T14:05:00Z");
  static final String[] IDS = {
    "p-%d",
    "",
    "  ",
    "\u00A0",
    "\u3000",
    "\uFEFF\u2009",
    "\u200B%d",
    "\u001C%d",
    "p-%d-\uD83D\uDE00"
  };
  static final String[] AGENT_IDS = {"rep-%d", "", "\u00A0\u00A0", "\u2028", "rep-%d-\u00A0"};
  static final String[] RECORDINGS = {
    "https://rec.example.com/a.mp3",
    "http://rec.example.com/a.wav",
    "ftp://rec.example.com/a.mp3",
    "rec.example.com/a.mp3",
    "https:///a.mp3",
    "s3://bucket/a.mp3",
    "https://:8080/call.mp3",
    "http://:80/a.mp3",
    "https://rec.example.com:65536/a.mp3",
    "https://rec.example.com:65535/a.mp3",
    "https://rec.example.com:0/a.mp3",
    "https://rec.example.com:8o/a.mp3",
    "https://recordings..example.com/a.mp3",
    "https://rec.example.com./a.mp3",
    "https://[2001:db8::1]/a.mp3",
    "https://[2001:db8::1/a.mp3",
    "https://[1::2::3]/a.mp3",
    "https://256.1.1.1/a.mp3",
    "https://1.2.3/a.mp3",
    "https://10.0.0.1/a.mp3",
    "https://user:pw@rec.example.com/a.mp3",
    "https://rec.example.com/a.mp3?sig=abc",
    "https://rec.example.com/a b.mp3",
    "https://bücher.example/a.mp3",
    "https://rec_1.example.com/a.mp3",
    "https://exa!mple.com/a.mp3",
    "https://" + "l".repeat(64) + ".example.com/a.mp3",
    "https://-rec.example.com/a.mp3",
    "https://rec-.example.com/a.mp3",
    "https://rec.example-/a.mp3",
    "https://re-c.example.com/a.mp3",
    "s3://bucket:443/a.mp3"
  };
  static final String[] STARTS = {
    "2026-02-10T14:05:00Z", "0000-12-31T23:00:00Z", "0001-01-01T00:00:00Z", "-0001-06-01T00:00:00Z"
  };
  static final String[] ENDS = {
    "2026-02-10T14:15:00Z",
    "2026-02-10T14:05:01Z",
    "2026-02-10T14:05:00Z",
    "2026-02-10T14:04:00Z",
    "+10000-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z"
  };
  static final String[] NUMBERS = {
    "+14155550123",
    "4155550123",
    "+0123456",
    "+1",
    "+12",
    "+123456789012345",
    "+1234567890123456",
    "+1 415 555 0123",
    "\u00A0"
  };
  static final String[] EMAILS = {
    null,
    "rep@example.com",
    "rep@",
    "rep@example",
    "",
    "a..b@example.com",
    "a@example.c",
    "l".repeat(64) + "@example.com",
    "l".repeat(65) + "@example.com",
    "a@[127.0.0.1]",
    "a@127.0.0.1",
    "\"rep one\"@example.com",
    "ägent@exämple.de",
    "a@under_score.com",
    "a@example.com.",
    "\u00A0rep@example.com"
  };
  static final String[] NAMES = {
    null,
    "Dana Ruiz",
    "n".repeat(255),
    "n".repeat(256),
    "n".repeat(254) + "\uD83D\uDE00",
    "n".repeat(255) + "\uD83D\uDE00",
    "\uD83D\uDE00".repeat(255),
    "\uD83D\uDE00".repeat(256),
    ""
  };
  static final String[] CALLBACKS = {
    null,
    "https://crm.example.com/cb",
    "http://crm.example.com/cb",
    "http://127.0.0.1:9/cb",
    "crm.example.com/cb",
    "https://:443/cb",
    "https://crm..example.com/cb",
    "https://crm.example.com:99999/cb",
    "https://crm.example.com/cb?token=abc",
    "https://[::1]:8443/cb",
    "http://[::1]:9/cb",
    "http://localhost:9/cb",
    "https://-crm.example.com/cb",
    "https://crm-.example.com/cb"
  };
  static final String[] FIELD_NAMES = {"f%d", "", "\u00A0", "\u3000\t", "deal stage"};

  @Test
  void theSdkAndTheEmulatorJudgeEveryItemAlike() throws Exception {
    Random random = new Random(2027);
    List<Case> cases = new ArrayList<>();
    int n = 0;
    Case valid = new Case();
    // Each value alone in an otherwise valid item, then random mixtures.
    for (String v : IDS) cases.add(valid.with(n++, c -> c.id = v));
    for (String v : AGENT_IDS) cases.add(valid.with(n++, c -> c.agentId = v));
    for (String v : AGENT_IDS) cases.add(valid.with(n++, c -> c.customerId = v));
    for (String v : RECORDINGS) cases.add(valid.with(n++, c -> c.recording = v));
    for (String v : STARTS) cases.add(valid.with(n++, c -> c.start = v));
    for (String v : ENDS) cases.add(valid.with(n++, c -> c.end = v));
    for (String v : NUMBERS) cases.add(valid.with(n++, c -> c.number = v));
    for (String v : EMAILS) cases.add(valid.with(n++, c -> c.agentEmail = v));
    for (String v : EMAILS) cases.add(valid.with(n++, c -> c.customerEmail = v));
    for (String v : NAMES) cases.add(valid.with(n++, c -> c.agentName = v));
    for (String v : NAMES) cases.add(valid.with(n++, c -> c.customerName = v));
    for (String v : CALLBACKS) cases.add(valid.with(n++, c -> c.callback = v));
    for (String v : FIELD_NAMES)
      cases.add(
          valid.with(
              n++,
              c -> {
                c.fieldName = v;
                c.customFields = 3;
              }));
    for (int v : new int[] {0, 5, 6}) cases.add(valid.with(n++, c -> c.metadataPairs = v));
    for (int v : new int[] {0, 10, 11}) cases.add(valid.with(n++, c -> c.customFields = v));
    while (cases.size() < 600) {
      cases.add(
          valid.with(
              n++,
              c -> {
                c.id = pick(random, IDS);
                c.agentId = pick(random, AGENT_IDS);
                c.customerId = pick(random, AGENT_IDS);
                c.recording = pick(random, RECORDINGS);
                c.start = pick(random, STARTS);
                c.end = pick(random, ENDS);
                c.number = pick(random, NUMBERS);
                c.agentEmail = pick(random, EMAILS);
                c.customerEmail = pick(random, EMAILS);
                c.agentName = pick(random, NAMES);
                c.customerName = pick(random, NAMES);
                c.callback = pick(random, CALLBACKS);
                c.fieldName = pick(random, FIELD_NAMES);
                c.metadataPairs = random.nextInt(4) > 0 ? random.nextInt(6) : random.nextInt(8);
                c.customFields = random.nextInt(4) > 0 ? random.nextInt(11) : random.nextInt(13);
              }));
    }

    List<String> disagreements = new ArrayList<>();
    int accepted = 0;
    int refused = 0;
    HttpClient http = HttpClient.newHttpClient();
    JsonAdapter<Object> json = new Moshi.Builder().build().adapter(Object.class);
    ExecutorService pool =
        Executors.newFixedThreadPool(8); // the requests mostly wait on the network
    try (Emulator emulator =
        Emulator.builder().partnerRequestsPerMinute(1_000_000).build().start()) {
      List<String> credentials = emulator.partnerCredentials();
      ClientOptions options =
          ClientOptions.builder()
              .baseUrl(emulator.partnerBaseUrl())
              .credentials(
                  PartnerCredentials.of(
                      credentials.get(0),
                      credentials.get(1),
                      credentials.get(2),
                      credentials.get(3)))
              .maxRetries(0)
              .build();
      try (PartnerClient client =
          PartnerClient.builder()
              .options(options)
              .allowLoopbackHttpCallbacks(true)
              .pacing(PartnerPacing.DISABLED)
              .build()) {
        List<Callable<String[]>> judgements = new ArrayList<>();
        for (Case c : cases) {
          judgements.add(() -> judge(c, client, emulator, credentials, http, json));
        }
        for (Future<String[]> judgement : pool.invokeAll(judgements)) {
          String[] verdict = judgement.get();
          boolean sdkAccepts = Boolean.parseBoolean(verdict[0]);
          boolean emulatorAccepts = Boolean.parseBoolean(verdict[1]);
          if (sdkAccepts && emulatorAccepts) accepted++;
          if (!sdkAccepts && !emulatorAccepts) refused++;
          if (sdkAccepts != emulatorAccepts) {
            disagreements.add(
                (sdkAccepts ? "SDK accepts, emulator refuses: " : "SDK refuses, emulator accepts: ")
                    + verdict[2]);
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
    System.out.printf(
        "Partner differential: %d cases, %d accepted by both, %d refused by both, %d disagreements%n",
        cases.size(), accepted, refused, disagreements.size());
    assertThat(disagreements).isEmpty();
    // Both verdicts must be common, or agreement would prove little.
    assertThat(accepted).isGreaterThanOrEqualTo(150);
    assertThat(refused).isGreaterThanOrEqualTo(150);
  }

  /** Both verdicts on one item: {sdkAccepts, emulatorAccepts, what to show on disagreement}. */
  private static String[] judge(
      Case c,
      PartnerClient client,
      Emulator emulator,
      List<String> credentials,
      HttpClient http,
      JsonAdapter<Object> json)
      throws Exception {
    IngestBatch batch = null;
    String sdkAnswer;
    try {
      batch = IngestBatch.of(c.sdkItem());
      sdkAnswer = client.validate(batch).toString();
    } catch (IllegalArgumentException e) { // java.net.URI refuses the text: it cannot be sent
      sdkAnswer = e.getMessage();
    }
    boolean sdkAccepts = batch != null && client.validate(batch).isEmpty();
    boolean emulatorAccepts;
    String answer;
    if (sdkAccepts) {
      // Through the SDK: the emulator judges the bytes the SDK really writes.
      try {
        client.submit(batch);
        emulatorAccepts = true;
        answer = "accepted";
      } catch (ServerValidationException e) {
        emulatorAccepts = false;
        answer = e.getMessage();
      }
    } else {
      String body = json.toJson(Map.of("data", List.of(c.json())));
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(emulator.partnerBaseUrl() + "/partner/ingest/batch-call"))
                  .header("x-api-key", credentials.get(0))
                  .header("x-api-secret", credentials.get(1))
                  .header("x-tenant-id", credentials.get(2))
                  .header("x-sub-tenant-id", credentials.get(3))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      emulatorAccepts = response.statusCode() == 200;
      if (!emulatorAccepts) assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
      answer = response.body();
    }
    return new String[] {
      Boolean.toString(sdkAccepts),
      Boolean.toString(emulatorAccepts),
      c.json() + ": " + sdkAnswer + " / " + answer
    };
  }

  /**
   * The first value (a valid one) seven times in eight, else any: an item has many fields, and both
   * verdicts must stay common.
   */
  private static String pick(Random random, String[] values) {
    return values[random.nextInt(8) > 0 ? 0 : random.nextInt(values.length)];
  }

  /** One item's values; {@code %d} in an id is replaced by the case number, keeping ids unique. */
  static final class Case implements Cloneable {
    int n;
    String id = IDS[0];
    String agentId = AGENT_IDS[0];
    String customerId = AGENT_IDS[0];
    String recording = RECORDINGS[0];
    String start = STARTS[0];
    String end = ENDS[0];
    String number = NUMBERS[0];
    String agentEmail = EMAILS[1];
    String customerEmail = null;
    String agentName = NAMES[1];
    String customerName = null;
    String callback = null;
    String fieldName = FIELD_NAMES[0];
    int metadataPairs = 2;
    int customFields = 1;

    Case with(int n, java.util.function.Consumer<Case> change) {
      try {
        Case copy = (Case) clone();
        copy.n = n;
        change.accept(copy);
        return copy;
      } catch (CloneNotSupportedException e) {
        throw new AssertionError(e);
      }
    }

    private String numbered(String value) {
      return value.contains("%d") ? String.format(value, n) : value;
    }

    IngestItem sdkItem() {
      IngestItem.Builder item =
          IngestItem.builder()
              .call(
                  CallDetails.builder()
                      .id(numbered(id))
                      .recordingUrl(recording)
                      .startTime(Instant.parse(start))
                      .endTime(Instant.parse(end))
                      .contactNumber(number)
                      .build());
      Agent.Builder agent = Agent.builder().id(numbered(agentId));
      if (agentEmail != null) agent.email(agentEmail);
      if (agentName != null) agent.name(agentName);
      Customer.Builder customer = Customer.builder().id(numbered(customerId));
      if (customerEmail != null) customer.email(customerEmail);
      if (customerName != null) customer.name(customerName);
      item.agent(agent.build()).customer(customer.build());
      if (callback != null) item.callbackUrl(callback);
      for (int i = 0; i < metadataPairs; i++) {
        if (i % 2 == 0) item.putMetadata("k" + i, "v" + i);
        else item.putMetadata("k" + i, i);
      }
      for (int i = 0; i < customFields; i++)
        item.addCustomField(String.format(fieldName.replace("%d", "%1$d"), i), "x" + i);
      return item.build();
    }

    Map<String, Object> json() {
      Map<String, Object> call = new LinkedHashMap<>();
      call.put("id", numbered(id));
      call.put("recording_url", recording);
      call.put("start_time", DateTimeFormatter.ISO_INSTANT.format(Instant.parse(start)));
      call.put("end_time", DateTimeFormatter.ISO_INSTANT.format(Instant.parse(end)));
      call.put("contact_number", number);
      Map<String, Object> agent = new LinkedHashMap<>();
      agent.put("id", numbered(agentId));
      if (agentEmail != null) agent.put("email", agentEmail);
      if (agentName != null) agent.put("name", agentName);
      Map<String, Object> customer = new LinkedHashMap<>();
      customer.put("id", numbered(customerId));
      if (customerEmail != null) customer.put("email", customerEmail);
      if (customerName != null) customer.put("name", customerName);
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("call", call);
      item.put("agent", agent);
      item.put("customer", customer);
      if (callback != null) item.put("callback_url", callback);
      Map<String, Object> metadata = new LinkedHashMap<>();
      for (int i = 0; i < metadataPairs; i++)
        metadata.put("k" + i, i % 2 == 0 ? "v" + i : (Object) i);
      if (metadataPairs > 0) item.put("metadata", metadata);
      List<Object> fields = new ArrayList<>();
      for (int i = 0; i < customFields; i++) {
        fields.add(
            Map.of(
                "internal_name",
                String.format(fieldName.replace("%d", "%1$d"), i),
                "value",
                "x" + i));
      }
      if (customFields > 0) item.put("custom_fields", fields);
      return item;
    }
  }
}
