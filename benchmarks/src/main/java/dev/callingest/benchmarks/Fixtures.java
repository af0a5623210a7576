package dev.callingest.benchmarks;

import dev.callingest.partner.Agent;
import dev.callingest.partner.CallDetails;
import dev.callingest.partner.Customer;
import dev.callingest.partner.IngestBatch;
import dev.callingest.partner.IngestItem;
import dev.callingest.upload.CallDirection;
import dev.callingest.upload.UploadBatch;
import dev.callingest.upload.UploadCall;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The data every benchmark uses, built the same way for the SDK and for its baseline: realistic
 * calls with every documented field set, ids that differ per call.
 */
final class Fixtures {
  static final Instant EPOCH = Instant.parse("2025-03-02T09:15:00Z");
  static final String WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  private Fixtures() {}

  static UploadCall uploadCall(long i) {
    return UploadCall.builder()
        .externalId("crm-call-" + i)
        .audioUrl("https://recordings.example.com/2025/03/02/call-" + i + ".mp3")
        .userEmail("rep" + (i % 40) + "@example.com")
        .contactName("Contact Number " + i)
        .contactPhone("+1555" + String.format("%07d", i % 10_000_000))
        .contactEmail("contact" + i + "@customer.example.org")
        .callDate(OffsetDateTime.ofInstant(EPOCH.plusSeconds(i * 37), ZoneOffset.ofHours(2)))
        .direction(i % 2 == 0 ? CallDirection.OUTBOUND : CallDirection.INBOUND)
        .durationSeconds(60 + i % 900)
        .putMetadata("campaign", "spring-2025")
        .putMetadata("priority", (int) (i % 5))
        .build();
  }

  static UploadBatch uploadBatch(int size, long firstId) {
    List<UploadCall> calls = new ArrayList<>(size);
    for (int i = 0; i < size; i++) calls.add(uploadCall(firstId + i));
    return UploadBatch.of(calls);
  }

  /** Generates {@code count} calls lazily, never holding more than one. */
  static Iterator<UploadCall> generatedCalls(long count) {
    return new Iterator<>() {
      long next;

      @Override
      public boolean hasNext() {
        return next < count;
      }

      @Override
      public UploadCall next() {
        return uploadCall(next++);
      }
    };
  }

  static JacksonModels.UploadBatchDto uploadBatchDto(UploadBatch batch) {
    JacksonModels.UploadBatchDto dto = new JacksonModels.UploadBatchDto();
    for (UploadCall call : batch.calls()) {
      JacksonModels.UploadCallDto c = new JacksonModels.UploadCallDto();
      c.externalId = call.externalId();
      c.audioUrl = call.audioUrl();
      c.userEmail = call.userEmail();
      c.contactName = call.contactName().orElse(null);
      c.contactPhone = call.contactPhone().orElse(null);
      c.contactEmail = call.contactEmail().orElse(null);
      c.callDate = call.callDate().atOffset(java.time.ZoneOffset.UTC);
      c.direction = call.direction().map(CallDirection::wireValue).orElse(null);
      c.duration = call.durationSeconds().isPresent() ? call.durationSeconds().getAsLong() : null;
      call.metadata().forEach((k, v) -> c.metadata.put(k, plain(v)));
      dto.calls.add(c);
    }
    return dto;
  }

  static IngestItem ingestItem(long i) {
    return IngestItem.builder()
        .call(
            CallDetails.builder()
                .id("call-" + i)
                .recordingUrl("https://recordings.example.com/partner/call-" + i + ".mp3")
                .startTime(EPOCH.plusSeconds(i * 60))
                .endTime(EPOCH.plusSeconds(i * 60 + 312))
                .contactNumber("+1555" + String.format("%07d", i % 10_000_000))
                .build())
        .agent(
            Agent.builder()
                .id("agent-" + (i % 40))
                .email("agent" + (i % 40) + "@example.com")
                .name("Agent " + (i % 40))
                .build())
        .customer(
            Customer.builder()
                .id("cust-" + i)
                .name("Customer " + i)
                .email("customer" + i + "@example.org")
                .dispositionStatus("interested")
                .build())
        .industry("Software")
        .function("Sales")
        .callbackUrl("https://hooks.example.com/callingest/" + i)
        .putMetadata("campaign", "spring-2025")
        .putMetadata("score", i % 100)
        .addCustomField("lead_source", "webinar")
        .addCustomField("region", "emea")
        .build();
  }

  static IngestBatch ingestBatch(int size) {
    List<IngestItem> items = new ArrayList<>(size);
    for (int i = 0; i < size; i++) items.add(ingestItem(i));
    return IngestBatch.of(items);
  }

  static JacksonModels.IngestBatchDto ingestBatchDto(IngestBatch batch) {
    JacksonModels.IngestBatchDto dto = new JacksonModels.IngestBatchDto();
    for (IngestItem item : batch.items()) {
      JacksonModels.IngestItemDto d = new JacksonModels.IngestItemDto();
      d.call.id = item.call().id();
      d.call.recordingUrl = java.net.URI.create(item.call().recordingUrl());
      d.call.startTime = item.call().startTime();
      d.call.endTime = item.call().endTime();
      d.call.contactNumber = item.call().contactNumber();
      d.agent.id = item.agent().id();
      d.agent.email = item.agent().email().orElse(null);
      d.agent.name = item.agent().name().orElse(null);
      d.customer.id = item.customer().id();
      d.customer.name = item.customer().name().orElse(null);
      d.customer.email = item.customer().email().orElse(null);
      d.customer.dispositionStatus = item.customer().dispositionStatus().orElse(null);
      d.industry = item.industry().orElse(null);
      d.function = item.function().orElse(null);
      d.callbackUrl = item.callbackUrl().map(java.net.URI::create).orElse(null);
      item.metadata().forEach((k, v) -> d.metadata.put(k, plain(v)));
      item.customFields()
          .forEach(
              f -> {
                JacksonModels.CustomFieldDto field = new JacksonModels.CustomFieldDto();
                field.internalName = f.internalName();
                field.value = f.value();
                d.customFields.add(field);
              });
      dto.data.add(d);
    }
    return dto;
  }

  /**
   * A status body as the Upload API writes it for a batch of {@code size} calls, half done: written
   * here by hand, as the API documents it, not by the SDK.
   */
  static byte[] batchStatusJson(int size) {
    StringBuilder json = new StringBuilder(160 * size + 200);
    json.append("{\"success\":true,\"batch_id\":\"batch_7f3a9c2e\",\"status\":\"processing\",")
        .append("\"submitted_at\":\"")
        .append(EPOCH)
        .append("\",\"total_calls\":")
        .append(size)
        .append(",\"processed\":")
        .append(size / 2)
        .append(",\"failed\":")
        .append(size / 10)
        .append(",\"pending\":")
        .append(size - size / 2)
        .append(",\"calls\":[");
    for (int i = 0; i < size; i++) {
      if (i > 0) json.append(',');
      json.append("{\"external_id\":\"crm-call-").append(i).append("\",");
      if (i % 10 == 0) {
        json.append("\"status\":\"failed\",\"processed_at\":\"")
            .append(EPOCH.plusSeconds(90 + i))
            .append("\",\"error\":\"audio_url returned HTTP 404 when fetched\"}");
      } else if (i < size / 2) {
        json.append("\"status\":\"completed\",\"aila_call_id\":\"aila_")
            .append(100_000 + i)
            .append("\",\"processed_at\":\"")
            .append(EPOCH.plusSeconds(90 + i))
            .append("\"}");
      } else {
        json.append("\"status\":\"processing\",\"progress\":\"transcribing\"}");
      }
    }
    return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A call analysis callback body of about 7 KB, shaped like the Partner API's document. */
  static byte[] callbackJson() {
    StringBuilder json = new StringBuilder(8192);
    json.append("{\"call_id\":\"call_12345\",\"intent\":\"INTERESTED\",")
        .append(
            "\"intent_justification\":\"The customer asks detailed questions about webhooks and")
        .append(" data fields, compares two plans and asks for a follow-up demo next week.\",")
        .append("\"quality_score\":72.5,\"summary\":[");
    for (int i = 0; i < 8; i++) {
      if (i > 0) json.append(',');
      json.append("{\"chapter_name\":\"Chapter ")
          .append(i + 1)
          .append(": pricing, integration and rollout\",")
          .append(
              "\"chapter_summary\":\"Both teams walk through the integration plan; the customer")
          .append(" raises timezone handling, retries and how callbacks are signed, and the rep")
          .append(" answers with the documented behaviour and a date for the next step.\"}");
    }
    json.append(
            "],\"bant\":{\"needs\":\"\\n- Webhook setup is hard because of mandatory parameters.")
        .append(
            "\\n- Wants clearer timezone handling.\",\"objection\":\"- Missing email notifications")
        .append(" could confuse customers.\",\"concern_categories\":\"Functionality\",")
        .append(
            "\"objection_handling\":\"\\n- The rep proposed adding an email id to the callback.\"},")
        .append("\"qualification\":[");
    for (int i = 0; i < 6; i++) {
      if (i > 0) json.append(',');
      json.append("{\"label\":\"Question ")
          .append(i + 1)
          .append("\",\"answer\":\"A more flexible")
          .append(" webhook setup, clear timezone handling and a sandbox to test against.\"}");
    }
    json.append("],\"quality\":[");
    for (int i = 0; i < 12; i++) {
      if (i > 0) json.append(',');
      json.append("{\"justification\":\"The agenda was stated early and the customer confirmed it")
          .append(
              " before the demo started.\",\"suggestion\":\"Keep opening calls with a clear agenda")
          .append(" and a time check.\",\"parameter_name\":\"Parameter ")
          .append(i + 1)
          .append("\",\"inference_score\":")
          .append(i % 11)
          .append(",\"parameter_score\":10,")
          .append("\"is_fatal\":")
          .append(i % 5 == 0)
          .append('}');
    }
    json.append("],\"meta\":{\"source\":\"webhook\",\"timestamp\":\"2025-05-08T04:53:11.110Z\",")
        .append("\"campaign\":\"spring-2025\",\"lead_score\":87}}");
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A metadata value as the plain Java value Jackson writes as the same JSON kind. */
  private static Object plain(dev.callingest.MetadataValue value) {
    if (value.asString().isPresent()) return value.asString().get();
    if (value.asLong().isPresent()) return value.asLong().getAsLong();
    if (value.asBoolean().isPresent()) return value.asBoolean().get();
    return value.asDouble().getAsDouble();
  }
}
