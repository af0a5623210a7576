package dev.callingest.partner;

import dev.callingest.internal.JsonBytesWriter;
import dev.callingest.internal.JsonBytesWriter.Name;
import dev.callingest.internal.SizeHint;
import java.util.List;
import java.util.Optional;

/**
 * Writes the Partner API's request body, {@code {"data":[...]}}, with {@link JsonBytesWriter}: the
 * bytes {@link PartnerClient} measures against the 5 MB limit and sends. Absent optional fields,
 * empty metadata and empty custom fields are left out.
 */
final class PartnerBatchWriter {
  private static final Name DATA = Name.of("data");
  private static final Name CALL = Name.of("call");
  private static final Name ID = Name.of("id");
  private static final Name RECORDING_URL = Name.of("recording_url");
  private static final Name START_TIME = Name.of("start_time");
  private static final Name END_TIME = Name.of("end_time");
  private static final Name CONTACT_NUMBER = Name.of("contact_number");
  private static final Name AGENT = Name.of("agent");
  private static final Name EMAIL = Name.of("email");
  private static final Name NAME = Name.of("name");
  private static final Name CUSTOMER = Name.of("customer");
  private static final Name DISPOSITION_STATUS = Name.of("disposition_status");
  private static final Name INDUSTRY = Name.of("industry");
  private static final Name FUNCTION = Name.of("function");
  private static final Name CALLBACK_URL = Name.of("callback_url");
  private static final Name METADATA = Name.of("metadata");
  private static final Name CUSTOM_FIELDS = Name.of("custom_fields");
  private static final Name INTERNAL_NAME = Name.of("internal_name");
  private static final Name VALUE = Name.of("value");

  /** The items and bytes of the last batch written, to size the next body's first chunk. */
  private static final SizeHint HINT = new SizeHint(512);

  private PartnerBatchWriter() {}

  /** Writes {@code batch}; the writer holds the body. */
  static JsonBytesWriter write(IngestBatch batch) {
    List<IngestItem> items = batch.items();
    int count = items.size();
    JsonBytesWriter writer = new JsonBytesWriter(HINT.bytesFor(count));
    writer.beginObject().name(DATA).beginArray();
    for (int i = 0; i < count; i++) writeItem(writer, items.get(i));
    writer.endArray().endObject();
    HINT.wrote(count, writer.size());
    return writer;
  }

  /** {@return the bytes {@code item} adds to a request body, besides separators} */
  static int itemSize(IngestItem item) {
    JsonBytesWriter writer = new JsonBytesWriter(HINT.bytesFor(1));
    writeItem(writer, item);
    return writer.size();
  }

  private static void writeItem(JsonBytesWriter writer, IngestItem item) {
    writer.beginObject();
    CallDetails call = item.call();
    writer.name(CALL).beginObject();
    writer.name(ID).value(call.id());
    writer.name(RECORDING_URL).value(call.recordingUrl());
    writer.name(START_TIME).instantSeconds(call.startTime());
    writer.name(END_TIME).instantSeconds(call.endTime());
    writer.name(CONTACT_NUMBER).value(call.contactNumber());
    writer.endObject();

    Agent agent = item.agent();
    writer.name(AGENT).beginObject();
    writer.name(ID).value(agent.id());
    optional(writer, EMAIL, agent.email());
    optional(writer, NAME, agent.name());
    writer.endObject();

    Customer customer = item.customer();
    writer.name(CUSTOMER).beginObject();
    writer.name(ID).value(customer.id());
    optional(writer, NAME, customer.name());
    optional(writer, EMAIL, customer.email());
    optional(writer, DISPOSITION_STATUS, customer.dispositionStatus());
    writer.endObject();

    optional(writer, INDUSTRY, item.industry());
    optional(writer, FUNCTION, item.function());
    optional(writer, CALLBACK_URL, item.callbackUrl());

    if (!item.metadata().isEmpty()) writer.name(METADATA).metadata(item.metadata());

    List<CustomField> fields = item.customFields();
    if (!fields.isEmpty()) {
      writer.name(CUSTOM_FIELDS).beginArray();
      for (int i = 0; i < fields.size(); i++) {
        CustomField field = fields.get(i);
        writer.beginObject();
        writer.name(INTERNAL_NAME).value(field.internalName());
        writer.name(VALUE).value(field.value());
        writer.endObject();
      }
      writer.endArray();
    }
    writer.endObject();
  }

  private static void optional(JsonBytesWriter writer, Name name, Optional<String> value) {
    String text = value.orElse(null);
    if (text != null) writer.name(name).value(text);
  }
}
