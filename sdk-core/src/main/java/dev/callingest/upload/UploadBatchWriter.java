package dev.callingest.upload;

import dev.callingest.MetadataValue;
import dev.callingest.internal.JsonBytesWriter;
import dev.callingest.internal.JsonBytesWriter.Name;
import dev.callingest.internal.SizeHint;
import dev.callingest.internal.WireFormats;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Writes the Upload API's request body, {@code {"calls":[...]}}, with {@link JsonBytesWriter}: the
 * bytes {@link UploadClient} sends. Absent optional fields and empty metadata are left out.
 */
final class UploadBatchWriter {
  private static final Name CALLS = Name.of("calls");
  private static final Name EXTERNAL_ID = Name.of("external_id");
  private static final Name AUDIO_URL = Name.of("audio_url");
  private static final Name USER_EMAIL = Name.of("user_email");
  private static final Name CONTACT_NAME = Name.of("contact_name");
  private static final Name CONTACT_PHONE = Name.of("contact_phone");
  private static final Name CONTACT_EMAIL = Name.of("contact_email");
  private static final Name CALL_DATE = Name.of("call_date");
  private static final Name DIRECTION = Name.of("direction");
  private static final Name DURATION = Name.of("duration");
  private static final Name METADATA = Name.of("metadata");

  /** The calls and bytes of the last batch written, to size the next body's first chunk. */
  private static final SizeHint HINT = new SizeHint(384);

  static {
    // For the benchmarks: the exact bytes submit sends.
    WireFormats.registerWriter(UploadBatch.class, batch -> write(batch).toByteArray());
  }

  private UploadBatchWriter() {}

  /** Writes {@code batch}; the writer holds the body. */
  static JsonBytesWriter write(UploadBatch batch) {
    List<UploadCall> calls = batch.calls();
    int count = calls.size();
    JsonBytesWriter writer = new JsonBytesWriter(HINT.bytesFor(count));
    writer.beginObject().name(CALLS).beginArray();
    for (int i = 0; i < count; i++) writeCall(writer, calls.get(i));
    writer.endArray().endObject();
    HINT.wrote(count, writer.size());
    return writer;
  }

  /** {@return one call as its own JSON object} */
  static byte[] callBytes(UploadCall call) {
    JsonBytesWriter writer = new JsonBytesWriter(HINT.bytesFor(1));
    writeCall(writer, call);
    return writer.toByteArray();
  }

  // Each optional field is read once, into a local: every accessor returns a new Optional.
  private static void writeCall(JsonBytesWriter writer, UploadCall call) {
    writer.beginObject();
    writer.name(EXTERNAL_ID).value(call.externalId());
    writer.name(AUDIO_URL).value(call.audioUrl());
    writer.name(USER_EMAIL).value(call.userEmail());
    String contactName = call.contactName().orElse(null);
    if (contactName != null) writer.name(CONTACT_NAME).value(contactName);
    String contactPhone = call.contactPhone().orElse(null);
    if (contactPhone != null) writer.name(CONTACT_PHONE).value(contactPhone);
    String contactEmail = call.contactEmail().orElse(null);
    if (contactEmail != null) writer.name(CONTACT_EMAIL).value(contactEmail);
    writer.name(CALL_DATE).instant(call.callDate());
    CallDirection direction = call.direction().orElse(null);
    if (direction != null) writer.name(DIRECTION).value(direction.wireValue());
    OptionalLong duration = call.durationSeconds();
    if (duration.isPresent()) writer.name(DURATION).value(duration.getAsLong());
    Map<String, MetadataValue> metadata = call.metadata();
    if (!metadata.isEmpty()) writer.name(METADATA).metadata(metadata);
    writer.endObject();
  }
}
