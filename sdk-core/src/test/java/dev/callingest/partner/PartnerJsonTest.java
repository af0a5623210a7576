package dev.callingest.partner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PartnerJsonTest {
  /** The request of the API document's curl example, values unchanged. */
  private static final String DOCUMENTED_SAMPLE =
      """
      {"data": [{
        "call": {"id": "call123", "recording_url": "https://example.com/recordings/call123.mp3",
                 "start_time": "2023-01-01T10:00:00Z", "end_time": "2023-01-01T10:30:00Z",
                 "contact_number": "+1234567890"},
        "agent": {"id": "agent123", "email": "agent@example.com", "name": "John Doe"},
        "customer": {"id": "customer123", "name": "Jane Smith", "email": "customer@example.com",
                     "disposition_status": "interested"},
        "industry": "Technology",
        "function": "Sales",
        "callback_url": "https://partner.example.com/callback",
        "metadata": {"campaign": "Q1 Outreach", "source": "Website"}
      }]}
      """;

  @Test
  void buildsTheDocumentedSampleRequest() throws IOException {
    IngestItem item =
        IngestItem.builder()
            .call(
                CallDetails.builder()
                    .id("call123")
                    .recordingUrl("https://example.com/recordings/call123.mp3")
                    .startTime(Instant.parse("2023-01-01T10:00:00Z"))
                    .endTime(Instant.parse("2023-01-01T10:30:00Z"))
                    .contactNumber("+1234567890")
                    .build())
            .agent(
                Agent.builder().id("agent123").email("agent@example.com").name("John Doe").build())
            .customer(
                Customer.builder()
                    .id("customer123")
                    .name("Jane Smith")
                    .email("customer@example.com")
                    .dispositionStatus("interested")
                    .build())
            .industry("Technology")
            .function("Sales")
            .callbackUrl("https://partner.example.com/callback")
            .putMetadata("campaign", "Q1 Outreach")
            .putMetadata("source", "Website")
            .build();

    byte[] bytes = PartnerJson.requestBytes(IngestBatch.of(item));

    assertThat(tree(bytes)).isEqualTo(tree(DOCUMENTED_SAMPLE.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void writesOptionalPartsOnlyWhenSetAndNumbersAsNumbers() throws IOException {
    IngestItem item =
        IngestItem.builder()
            .call(
                CallDetails.builder()
                    .id("c-1")
                    .recordingUrl("http://files.northwind.test/a.wav")
                    .startTime(Instant.parse("2026-04-01T08:00:00.250Z"))
                    .endTime(Instant.parse("2026-04-01T08:03:09.999Z"))
                    .contactNumber("+15550001111")
                    .build())
            .agent(Agent.of("a-1"))
            .customer(Customer.of("k-1"))
            .putMetadata("score", 7)
            .putMetadata("ratio", 0.5)
            .addCustomField("deal_stage", "proposal")
            .build();

    String json =
        new String(PartnerJson.requestBytes(IngestBatch.of(item)), StandardCharsets.UTF_8);

    assertThat(json)
        .isEqualTo(
            "{\"data\":[{\"call\":{\"id\":\"c-1\",\"recording_url\":\"http://files.northwind.test/a.wav\","
                + "\"start_time\":\"2026-04-01T08:00:00Z\",\"end_time\":\"2026-04-01T08:03:09Z\","
                + "\"contact_number\":\"+15550001111\"},\"agent\":{\"id\":\"a-1\"},\"customer\":{\"id\":\"k-1\"},"
                + "\"metadata\":{\"score\":7,\"ratio\":0.5},"
                + "\"custom_fields\":[{\"internal_name\":\"deal_stage\",\"value\":\"proposal\"}]}]}");
  }

  @Test
  void readsErrorBodySkippingUnknownNames() throws IOException {
    byte[] body =
        ("{\"success\":false,\"trace\":{\"x\":[1]},\"message\":\"Validation failed\","
                + "\"errors\":[{\"field\":\"data[1].agent.id\",\"message\":\"agent id is empty\",\"code\":9}]}")
            .getBytes(StandardCharsets.UTF_8);

    PartnerJson.ErrorBody error = PartnerJson.readError(body);

    assertThat(error.message()).isEqualTo("Validation failed");
    assertThat(error.errors())
        .containsExactly(new PartnerJson.FieldError("data[1].agent.id", "agent id is empty"));
  }

  private static Object tree(byte[] json) throws IOException {
    return Json.fromBytes(Json.MOSHI.adapter(Object.class), json);
  }
}
