package dev.callingest.upload;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.callingest.internal.Json;
import dev.callingest.internal.JsonBytesWriter;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import okio.BufferedSink;

/**
 * The hand-written Moshi adapters the client used before {@link UploadBatchWriter} and {@link
 * UploadReader} replaced them; kept in the tests as the reference both are compared with.
 */
final class UploadJson {
  private UploadJson() {}

  static final JsonAdapter<UploadBatch> BATCH = new BatchAdapter();
  static final JsonAdapter<UploadCall> CALL = new CallAdapter();
  static final JsonAdapter<SubmissionReceipt> RECEIPT = new ReceiptAdapter();
  static final JsonAdapter<BatchStatus> STATUS = new StatusAdapter();
  static final JsonAdapter<CallStatus> CALL_STATUS = new CallStatusAdapter();
  private static final JsonAdapter<Object> ANY = Json.MOSHI.adapter(Object.class);

  private static final class BatchAdapter extends JsonAdapter<UploadBatch> {
    private static final JsonReader.Options NAMES = JsonReader.Options.of("calls");

    @Override
    public UploadBatch fromJson(JsonReader reader) throws IOException {
      UploadBatch.Builder batch = UploadBatch.builder();
      reader.beginObject();
      while (reader.hasNext()) {
        if (reader.selectName(NAMES) == 0 && reader.peek() != JsonReader.Token.NULL) {
          reader.beginArray();
          while (reader.hasNext()) batch.addCalls(CALL.fromJson(reader));
          reader.endArray();
        } else {
          reader.skipName();
          reader.skipValue();
        }
      }
      reader.endObject();
      return batch.build();
    }

    @Override
    public void toJson(JsonWriter writer, UploadBatch batch) throws IOException {
      JsonBytesWriter body = UploadBatchWriter.write(batch);
      try (BufferedSink sink = writer.valueSink()) {
        body.writeTo(sink);
      }
    }
  }

  private static final class CallAdapter extends JsonAdapter<UploadCall> {
    private static final JsonReader.Options NAMES =
        JsonReader.Options.of(
            "external_id",
            "audio_url",
            "user_email",
            "contact_name",
            "contact_phone",
            "contact_email",
            "call_date",
            "direction",
            "duration",
            "metadata");

    @Override
    public UploadCall fromJson(JsonReader reader) throws IOException {
      UploadCall.Builder call = UploadCall.builder();
      reader.beginObject();
      while (reader.hasNext()) {
        int index = reader.selectName(NAMES);
        if (index == -1) {
          reader.skipName();
          reader.skipValue();
          continue;
        }
        if (reader.peek() == JsonReader.Token.NULL) {
          reader.skipValue();
          continue;
        }
        switch (index) {
          case 0:
            call.externalId(reader.nextString());
            break;
          case 1:
            call.audioUrl(reader.nextString());
            break;
          case 2:
            call.userEmail(reader.nextString());
            break;
          case 3:
            call.contactName(reader.nextString());
            break;
          case 4:
            call.contactPhone(reader.nextString());
            break;
          case 5:
            call.contactEmail(reader.nextString());
            break;
          case 6:
            call.callDate(offsetDateTime(reader).toInstant());
            break;
          case 7:
            call.direction(direction(reader));
            break;
          case 8:
            call.durationSeconds(reader.nextLong());
            break;
          case 9:
            call.metadata(Json.readMetadata(reader));
            break;
          default:
            throw new AssertionError(index);
        }
      }
      reader.endObject();
      try {
        return call.build();
      } catch (IllegalStateException e) {
        throw new JsonDataException(e.getMessage() + " at " + reader.getPath(), e);
      }
    }

    @Override
    public void toJson(JsonWriter writer, UploadCall call) throws IOException {
      try (BufferedSink sink = writer.valueSink()) {
        sink.write(UploadBatchWriter.callBytes(call));
      }
    }

    private static CallDirection direction(JsonReader reader) throws IOException {
      String value = reader.nextString();
      try {
        return CallDirection.fromWire(value);
      } catch (IllegalArgumentException e) {
        throw new JsonDataException("unknown direction '" + value + "' at " + reader.getPath());
      }
    }
  }

  private static final class ReceiptAdapter extends JsonAdapter<SubmissionReceipt> {
    private static final JsonReader.Options NAMES =
        JsonReader.Options.of("batch_id", "calls_submitted", "status");

    @Override
    public SubmissionReceipt fromJson(JsonReader reader) throws IOException {
      SubmissionReceipt.Builder receipt = SubmissionReceipt.builder().callsSubmitted(0);
      boolean hasId = false;
      reader.beginObject();
      while (reader.hasNext()) {
        int index = reader.selectName(NAMES);
        if (index == -1 || reader.peek() == JsonReader.Token.NULL) {
          if (index == -1) reader.skipName();
          reader.skipValue();
          continue;
        }
        switch (index) {
          case 0:
            receipt.batchId(reader.nextString());
            hasId = true;
            break;
          case 1:
            receipt.callsSubmitted(reader.nextInt());
            break;
          case 2:
            receipt.rawStatus(reader.nextString());
            break;
          default:
            throw new AssertionError(index);
        }
      }
      reader.endObject();
      if (!hasId) throw new JsonDataException("batch_id is missing at " + reader.getPath());
      return receipt.build();
    }

    @Override
    public void toJson(JsonWriter writer, SubmissionReceipt receipt) throws IOException {
      writer.beginObject();
      writer.name("success").value(true);
      writer.name("batch_id").value(receipt.batchId());
      writer.name("calls_submitted").value(receipt.callsSubmitted());
      if (receipt.rawStatus().isPresent()) writer.name("status").value(receipt.rawStatus().get());
      writer.endObject();
    }
  }

  private static final class StatusAdapter extends JsonAdapter<BatchStatus> {
    private static final JsonReader.Options NAMES =
        JsonReader.Options.of(
            "batch_id",
            "status",
            "submitted_at",
            "total_calls",
            "processed",
            "failed",
            "pending",
            "calls");

    @Override
    public BatchStatus fromJson(JsonReader reader) throws IOException {
      BatchStatus.Builder status = BatchStatus.builder();
      boolean hasId = false;
      boolean hasStatus = false;
      reader.beginObject();
      while (reader.hasNext()) {
        int index = reader.selectName(NAMES);
        if (index == -1 || reader.peek() == JsonReader.Token.NULL) {
          if (index == -1) reader.skipName();
          reader.skipValue();
          continue;
        }
        switch (index) {
          case 0:
            status.batchId(reader.nextString());
            hasId = true;
            break;
          case 1:
            status.rawStatus(reader.nextString());
            hasStatus = true;
            break;
          case 2:
            status.submittedAt(instant(reader));
            break;
          case 3:
            status.totalCalls(reader.nextInt());
            break;
          case 4:
            status.processed(reader.nextInt());
            break;
          case 5:
            status.failed(reader.nextInt());
            break;
          case 6:
            status.pending(reader.nextInt());
            break;
          case 7:
            reader.beginArray();
            while (reader.hasNext()) status.addCalls(CALL_STATUS.fromJson(reader));
            reader.endArray();
            break;
          default:
            throw new AssertionError(index);
        }
      }
      reader.endObject();
      if (!hasId) throw new JsonDataException("batch_id is missing at " + reader.getPath());
      if (!hasStatus) throw new JsonDataException("status is missing at " + reader.getPath());
      return status.build();
    }

    @Override
    public void toJson(JsonWriter writer, BatchStatus status) throws IOException {
      writer.beginObject();
      writer.name("success").value(true);
      writer.name("batch_id").value(status.batchId());
      writer.name("status").value(status.rawStatus());
      if (status.submittedAt().isPresent())
        writer.name("submitted_at").value(status.submittedAt().get().toString());
      writer.name("total_calls").value(status.totalCalls());
      writer.name("processed").value(status.processed());
      writer.name("failed").value(status.failed());
      writer.name("pending").value(status.pending());
      writer.name("calls").beginArray();
      for (CallStatus call : status.calls()) CALL_STATUS.toJson(writer, call);
      writer.endArray();
      writer.endObject();
    }
  }

  private static final class CallStatusAdapter extends JsonAdapter<CallStatus> {
    private static final JsonReader.Options NAMES =
        JsonReader.Options.of(
            "external_id",
            "status",
            "aila_call_id",
            "processed_at",
            "progress",
            "error",
            "error_message");
    private static final JsonReader.Options ERROR_NAMES = JsonReader.Options.of("message");

    @Override
    public CallStatus fromJson(JsonReader reader) throws IOException {
      CallStatus.Builder call = CallStatus.builder();
      boolean hasId = false;
      boolean hasStatus = false;
      reader.beginObject();
      while (reader.hasNext()) {
        int index = reader.selectName(NAMES);
        if (index == -1 || reader.peek() == JsonReader.Token.NULL) {
          if (index == -1) reader.skipName();
          reader.skipValue();
          continue;
        }
        switch (index) {
          case 0:
            call.externalId(reader.nextString());
            hasId = true;
            break;
          case 1:
            call.rawStatus(reader.nextString());
            hasStatus = true;
            break;
          case 2:
            call.ailaCallId(reader.nextString());
            break;
          case 3:
            call.processedAt(instant(reader));
            break;
          case 4:
            call.rawProgress(reader.nextString());
            break;
          case 5:
            errorMessage(reader, call);
            break;
          case 6:
            call.errorMessage(reader.nextString());
            break;
          default:
            throw new AssertionError(index);
        }
      }
      reader.endObject();
      if (!hasId) throw new JsonDataException("external_id is missing at " + reader.getPath());
      if (!hasStatus) throw new JsonDataException("status is missing at " + reader.getPath());
      return call.build();
    }

    /** Reads {@code error} given as a string or as an object with a {@code message}. */
    private static void errorMessage(JsonReader reader, CallStatus.Builder call)
        throws IOException {
      if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
        call.errorMessage(Optional.ofNullable(Json.nextStringOrNull(reader)));
        return;
      }
      reader.beginObject();
      while (reader.hasNext()) {
        if (reader.selectName(ERROR_NAMES) == 0 && reader.peek() != JsonReader.Token.NULL) {
          call.errorMessage(Optional.ofNullable(Json.nextStringOrNull(reader)));
        } else {
          reader.skipName();
          reader.skipValue();
        }
      }
      reader.endObject();
    }

    @Override
    public void toJson(JsonWriter writer, CallStatus call) throws IOException {
      writer.beginObject();
      writer.name("external_id").value(call.externalId());
      writer.name("status").value(call.rawStatus());
      if (call.ailaCallId().isPresent()) writer.name("aila_call_id").value(call.ailaCallId().get());
      if (call.processedAt().isPresent())
        writer.name("processed_at").value(call.processedAt().get().toString());
      if (call.rawProgress().isPresent()) writer.name("progress").value(call.rawProgress().get());
      if (call.errorMessage().isPresent()) writer.name("error").value(call.errorMessage().get());
      writer.endObject();
    }
  }

  static Instant instant(JsonReader reader) throws IOException {
    return offsetDateTime(reader).toInstant();
  }

  static OffsetDateTime offsetDateTime(JsonReader reader) throws IOException {
    String value = reader.nextString();
    try {
      return OffsetDateTime.parse(value);
    } catch (DateTimeParseException e) {
      throw new JsonDataException(
          "expected an ISO 8601 date-time with offset but was '"
              + value
              + "' at "
              + reader.getPath(),
          e);
    }
  }
}
