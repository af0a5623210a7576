package dev.callingest.partner;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.callingest.MetadataValue;
import dev.callingest.internal.IsoTimes;
import dev.callingest.internal.Json;
import dev.callingest.internal.WireFormats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * The Partner API's wire format, written by hand: the request body, and the small success and error
 * bodies of its answers. Unknown names in answers are skipped; explicit null is absent.
 */
final class PartnerJson {
  private static final JsonReader.Options ERROR_NAMES =
      JsonReader.Options.of("success", "message", "errors");
  private static final JsonReader.Options FIELD_ERROR_NAMES =
      JsonReader.Options.of("field", "message");

  private PartnerJson() {}

  static {
    // For the benchmarks: the exact bytes submit sends.
    WireFormats.registerWriter(IngestBatch.class, PartnerJson::requestBytes);
  }

  /** The request body for {@code batch}: compact UTF-8 JSON, the exact bytes that are sent. */
  static byte[] requestBytes(IngestBatch batch) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      writer.beginObject().name("data").beginArray();
      for (IngestItem item : batch.items()) writeItem(writer, item);
      writer.endArray().endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // A Buffer never fails.
    }
    return buffer.readByteArray();
  }

  /** One item as it appears inside a request body: the bytes it adds besides separators. */
  static byte[] itemBytes(IngestItem item) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      writeItem(writer, item);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // A Buffer never fails.
    }
    return buffer.readByteArray();
  }

  /** How a time is sent: UTC, whole seconds, such as {@code 2023-01-01T10:00:00Z}. */
  static String formatTime(Instant instant) {
    return IsoTimes.instantSeconds(instant);
  }

  private static void writeItem(JsonWriter writer, IngestItem item) throws IOException {
    writer.beginObject();
    CallDetails call = item.call();
    writer.name("call").beginObject();
    writer.name("id").value(call.id());
    writer.name("recording_url").value(call.recordingUrl());
    writer.name("start_time").value(formatTime(call.startTime()));
    writer.name("end_time").value(formatTime(call.endTime()));
    writer.name("contact_number").value(call.contactNumber());
    writer.endObject();

    Agent agent = item.agent();
    writer.name("agent").beginObject();
    writer.name("id").value(agent.id());
    writeOptional(writer, "email", agent.email());
    writeOptional(writer, "name", agent.name());
    writer.endObject();

    Customer customer = item.customer();
    writer.name("customer").beginObject();
    writer.name("id").value(customer.id());
    writeOptional(writer, "name", customer.name());
    writeOptional(writer, "email", customer.email());
    writeOptional(writer, "disposition_status", customer.dispositionStatus());
    writer.endObject();

    writeOptional(writer, "industry", item.industry());
    writeOptional(writer, "function", item.function());
    writeOptional(writer, "callback_url", item.callbackUrl());

    if (!item.metadata().isEmpty()) {
      writer.name("metadata").beginObject();
      for (Map.Entry<String, MetadataValue> entry : item.metadata().entrySet()) {
        writer.name(entry.getKey());
        Json.writeMetadataValue(writer, entry.getValue());
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

  private static void writeOptional(JsonWriter writer, String name, Optional<String> value)
      throws IOException {
    if (value.isPresent()) writer.name(name).value(value.get());
  }

  /**
   * Reads an error body, {@code {"success": false, "message": "...", "errors": [{"field",
   * "message"}]}}.
   */
  static ErrorBody readError(byte[] body) throws IOException {
    JsonReader reader = JsonReader.of(new Buffer().write(body));
    String message = null;
    List<FieldError> errors = new ArrayList<>();
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(ERROR_NAMES)) {
        case 0 -> reader.skipValue();
        case 1 -> message = Json.nextStringOrNull(reader);
        case 2 -> {
          if (reader.peek() == JsonReader.Token.NULL) {
            reader.nextNull();
          } else {
            reader.beginArray();
            while (reader.hasNext()) errors.add(readFieldError(reader));
            reader.endArray();
          }
        }
        default -> {
          reader.skipName();
          reader.skipValue();
        }
      }
    }
    reader.endObject();
    return new ErrorBody(message, errors);
  }

  private static FieldError readFieldError(JsonReader reader) throws IOException {
    String field = null;
    String message = null;
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(FIELD_ERROR_NAMES)) {
        case 0 -> field = Json.nextStringOrNull(reader);
        case 1 -> message = Json.nextStringOrNull(reader);
        default -> {
          reader.skipName();
          reader.skipValue();
        }
      }
    }
    reader.endObject();
    return new FieldError(field, message);
  }

  /** An error body; {@code message} may be null. */
  record ErrorBody(@Nullable String message, List<FieldError> errors) {}

  /** One entry of an error body's {@code errors}; either part may be null. */
  record FieldError(@Nullable String field, @Nullable String message) {}
}
