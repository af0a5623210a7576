package dev.callingest.partner;

import com.squareup.moshi.JsonReader;
import dev.callingest.internal.IsoTimes;
import dev.callingest.internal.Json;
import dev.callingest.internal.WireFormats;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    return PartnerBatchWriter.write(batch).toByteArray();
  }

  /** How a time is sent: UTC, whole seconds, such as {@code 2023-01-01T10:00:00Z}. */
  static String formatTime(Instant instant) {
    return IsoTimes.instantSeconds(instant);
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
