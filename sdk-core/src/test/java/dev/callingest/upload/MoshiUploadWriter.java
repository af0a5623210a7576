package dev.callingest.upload;

import com.squareup.moshi.JsonWriter;
import dev.callingest.MetadataValue;
import dev.callingest.internal.IsoTimes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.OptionalLong;
import okio.Buffer;

/**
 * The Upload batch writer as it was before {@link UploadBatchWriter}: Moshi's {@link JsonWriter},
 * kept as the oracle of the differential tests. Its output is the wire format's reference.
 */
final class MoshiUploadWriter {
  private MoshiUploadWriter() {}

  static byte[] batch(UploadBatch batch) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      writer.beginObject().name("calls").beginArray();
      for (UploadCall call : batch.calls()) call(writer, call);
      writer.endArray().endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readByteArray();
  }

  static byte[] call(UploadCall call) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      call(writer, call);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readByteArray();
  }

  private static void call(JsonWriter writer, UploadCall call) throws IOException {
    writer.beginObject();
    writer.name("external_id").value(call.externalId());
    writer.name("audio_url").value(call.audioUrl());
    writer.name("user_email").value(call.userEmail());
    if (call.contactName().isPresent()) writer.name("contact_name").value(call.contactName().get());
    if (call.contactPhone().isPresent()) {
      writer.name("contact_phone").value(call.contactPhone().get());
    }
    if (call.contactEmail().isPresent()) {
      writer.name("contact_email").value(call.contactEmail().get());
    }
    writer.name("call_date").value(IsoTimes.instant(call.callDate()));
    if (call.direction().isPresent())
      writer.name("direction").value(call.direction().get().wireValue());
    OptionalLong duration = call.durationSeconds();
    if (duration.isPresent()) writer.name("duration").value(duration.getAsLong());
    if (!call.metadata().isEmpty()) {
      writer.name("metadata").beginObject();
      for (Map.Entry<String, MetadataValue> entry : call.metadata().entrySet()) {
        writer.name(entry.getKey());
        metadataValue(writer, entry.getValue());
      }
      writer.endObject();
    }
    writer.endObject();
  }

  /** Writes a metadata value as its JSON kind, as {@code Json.writeMetadataValue} did. */
  static void metadataValue(JsonWriter writer, MetadataValue value) throws IOException {
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
}
