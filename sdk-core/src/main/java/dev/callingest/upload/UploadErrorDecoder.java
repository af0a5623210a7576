package dev.callingest.upload;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import dev.callingest.CallingestException;
import dev.callingest.ErrorResponse;
import dev.callingest.ServerValidationException;
import dev.callingest.Violation;
import dev.callingest.internal.ErrorDecoder;
import dev.callingest.internal.ErrorMapping;
import dev.callingest.internal.Json;
import dev.callingest.internal.RawResponse;
import dev.callingest.internal.UrlRedaction;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * Reads the Upload API's error body, {@code {"success": false, "error": {"code", "message",
 * "details": {"calls": [{"index", "external_id", "errors": [...]}]}}}}. The document gives no HTTP
 * status for errors, so the body decides: {@code VALIDATION_ERROR} is a server validation error
 * whatever the status, and an unreadable body leaves the status to decide.
 */
final class UploadErrorDecoder implements ErrorDecoder {
  static final String VALIDATION_ERROR = "VALIDATION_ERROR";

  private static final JsonReader.Options ENVELOPE = JsonReader.Options.of("success", "error");
  private static final JsonReader.Options ERROR =
      JsonReader.Options.of("code", "message", "details");
  private static final JsonReader.Options DETAILS = JsonReader.Options.of("calls");
  private static final JsonReader.Options CALL =
      JsonReader.Options.of("index", "external_id", "errors");

  @Override
  public CallingestException decode(RawResponse response, @Nullable Duration retryAfter) {
    Parsed parsed = parse(response.body());
    if (VALIDATION_ERROR.equals(parsed.code)) {
      ErrorResponse error = ErrorMapping.responseOf(response, parsed.code, parsed.message);
      return new ServerValidationException(
          describe(response, parsed), error, response.attempts(), false, parsed.violations);
    }
    return ErrorMapping.exceptionFor(
        response, parsed.code, parsed.message, retryAfter, parsed.violations);
  }

  /** True when a 2xx body still says {@code "success": false}. */
  static boolean isFailure(RawResponse response) {
    // Every receipt passes here: a body without the literal false (Moshi reads it in any case)
    // cannot say "success": false, and needs no second parse beside the receipt's.
    byte[] body = response.body();
    return mayHoldFalse(body) && Boolean.FALSE.equals(parse(body).success);
  }

  /** Whether {@code body} holds the bytes {@code false}, in any mix of upper and lower case. */
  static boolean mayHoldFalse(byte[] body) {
    for (int i = 0, last = body.length - 5; i <= last; i++) {
      if ((body[i] | 0x20) == 'f'
          && (body[i + 1] | 0x20) == 'a'
          && (body[i + 2] | 0x20) == 'l'
          && (body[i + 3] | 0x20) == 's'
          && (body[i + 4] | 0x20) == 'e') {
        return true;
      }
    }
    return false;
  }

  private static String describe(RawResponse response, Parsed parsed) {
    StringBuilder message =
        new StringBuilder("HTTP ").append(response.statusCode()).append(' ').append(parsed.code);
    if (parsed.message != null)
      message.append(": ").append(UrlRedaction.redactUrlsIn(parsed.message));
    for (int i = 0; i < parsed.violations.size() && i < 10; i++) {
      message.append("\n  ").append(parsed.violations.get(i));
    }
    if (parsed.violations.size() > 10) {
      message.append("\n  ... and ").append(parsed.violations.size() - 10).append(" more");
    }
    return message.toString();
  }

  /**
   * What could be read; an unreadable body gives an empty result rather than an exception.
   * Package-private for the test that checks {@link #isFailure} against it.
   */
  static Parsed parse(byte[] body) {
    Parsed parsed = new Parsed();
    try {
      JsonReader reader = JsonReader.of(new Buffer().write(body));
      if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) return parsed;
      reader.beginObject();
      while (reader.hasNext()) {
        int index = reader.selectName(ENVELOPE);
        if (index == 0 && reader.peek() == JsonReader.Token.BOOLEAN) {
          parsed.success = reader.nextBoolean();
        } else if (index == 1 && reader.peek() == JsonReader.Token.BEGIN_OBJECT) {
          readError(reader, parsed);
        } else {
          if (index == -1) reader.skipName();
          reader.skipValue();
        }
      }
    } catch (IOException | JsonDataException e) {
      // Keep what was read before the body went bad.
    }
    return parsed;
  }

  private static void readError(JsonReader reader, Parsed parsed) throws IOException {
    reader.beginObject();
    while (reader.hasNext()) {
      int index = reader.selectName(ERROR);
      if (index == 0 && reader.peek() != JsonReader.Token.NULL) {
        parsed.code = Json.nextStringOrNull(reader);
      } else if (index == 1 && reader.peek() != JsonReader.Token.NULL) {
        parsed.message = Json.nextStringOrNull(reader);
      } else if (index == 2 && reader.peek() == JsonReader.Token.BEGIN_OBJECT) {
        reader.beginObject();
        while (reader.hasNext()) {
          if (reader.selectName(DETAILS) == 0 && reader.peek() == JsonReader.Token.BEGIN_ARRAY) {
            reader.beginArray();
            while (reader.hasNext()) readCall(reader, parsed.violations);
            reader.endArray();
          } else {
            reader.skipName();
            reader.skipValue();
          }
        }
        reader.endObject();
      } else {
        if (index == -1) reader.skipName();
        reader.skipValue();
      }
    }
    reader.endObject();
  }

  private static void readCall(JsonReader reader, List<Violation> out) throws IOException {
    if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
      reader.skipValue();
      return;
    }
    Integer index = null;
    @Nullable String externalId = null;
    List<String> errors = new ArrayList<>();
    reader.beginObject();
    while (reader.hasNext()) {
      int name = reader.selectName(CALL);
      if (name == 0 && reader.peek() == JsonReader.Token.NUMBER) {
        index = reader.nextInt();
      } else if (name == 1 && reader.peek() != JsonReader.Token.NULL) {
        externalId = Json.nextStringOrNull(reader);
      } else if (name == 2 && reader.peek() == JsonReader.Token.BEGIN_ARRAY) {
        reader.beginArray();
        while (reader.hasNext()) {
          String error = Json.nextStringOrNull(reader);
          if (error != null) errors.add(error);
        }
        reader.endArray();
      } else {
        if (name == -1) reader.skipName();
        reader.skipValue();
      }
    }
    reader.endObject();
    String path = index == null ? "calls" : "calls[" + index + "]";
    if (errors.isEmpty()) errors.add("was rejected");
    for (String error : errors) out.add(Violation.of(path, error, externalId, null));
  }

  static final class Parsed {
    @Nullable Boolean success;
    @Nullable String code;
    @Nullable String message;
    final List<Violation> violations = new ArrayList<>();
  }
}
