package dev.callingest.partner;

import com.squareup.moshi.JsonWriter;
import dev.callingest.MetadataValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import okio.Buffer;

/**
 * The Partner request writer as it was before {@link PartnerBatchWriter}: Moshi's {@link
 * JsonWriter}, kept as the oracle of the differential tests.
 */
final class MoshiPartnerWriter {
  private MoshiPartnerWriter() {}

  static byte[] batch(IngestBatch batch) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      writer.beginObject().name("data").beginArray();
      for (IngestItem item : batch.items()) item(writer, item);
      writer.endArray().endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readByteArray();
  }

  static byte[] item(IngestItem item) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      item(writer, item);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readByteArray();
  }

  private static void item(JsonWriter writer, IngestItem item) throws IOException {
    writer.beginObject();
    CallDetails call = item.call();
    writer.name("call").beginObject();
    writer.name("id").value(call.id());
    writer.name("recording_url").value(call.recordingUrl());
    writer.name("start_time").value(PartnerJson.formatTime(call.startTime()));
    writer.name("end_time").value(PartnerJson.formatTime(call.endTime()));
    writer.name("contact_number").value(call.contactNumber());
    writer.endObject();

    Agent agent = item.agent();
    writer.name("agent").beginObject();
    writer.name("id").value(agent.id());
    optional(writer, "email", agent.email());
    optional(writer, "name", agent.name());
    writer.endObject();

    Customer customer = item.customer();
    writer.name("customer").beginObject();
    writer.name("id").value(customer.id());
    optional(writer, "name", customer.name());
    optional(writer, "email", customer.email());
    optional(writer, "disposition_status", customer.dispositionStatus());
    writer.endObject();

    optional(writer, "industry", item.industry());
    optional(writer, "function", item.function());
    optional(writer, "callback_url", item.callbackUrl());

    if (!item.metadata().isEmpty()) {
      writer.name("metadata").beginObject();
      for (Map.Entry<String, MetadataValue> entry : item.metadata().entrySet()) {
        writer.name(entry.getKey());
        MetadataValue value = entry.getValue();
        if (value.isBoolean()) {
          writer.value((boolean) value.asBoolean().orElseThrow());
        } else if (!value.isNumber()) {
          writer.value(value.asString().orElseThrow());
        } else {
          OptionalLong whole = value.asLong();
          if (whole.isPresent()) writer.value(whole.getAsLong());
          else writer.value(value.asDouble().orElseThrow());
        }
      }
      writer.endObject();
    }

    if (!item.customFields().isEmpty()) {
      writer.name("custom_fields").beginArray();
      for (CustomField field : item.customFields()) {
        writer.beginObject();
        writer.name("internal_name").value(field.internalName());
        writer.name("value").value(field.value());
        writer.endObject();
      }
      writer.endArray();
    }
    writer.endObject();
  }

  private static void optional(JsonWriter writer, String name, Optional<String> value)
      throws IOException {
    if (value.isPresent()) writer.name(name).value(value.get());
  }
}
