package dev.callingest.analysis;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import okio.Buffer;

/**
 * Byte-level JSON helpers for this module, which cannot use callingest-core's (the receiver depends
 * on this module without the client stack).
 */
final class Json {
  private Json() {}

  /** Writes {@code value} to compact UTF-8 JSON bytes. */
  static <T> byte[] toBytes(JsonAdapter<T> adapter, T value) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      adapter.toJson(writer, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // A Buffer never fails.
    }
    return buffer.readByteArray();
  }

  /** Reads one JSON value from UTF-8 bytes; content after it makes the JSON malformed. */
  static <T> T fromBytes(JsonAdapter<T> adapter, byte[] bytes) throws IOException {
    JsonReader reader = JsonReader.of(new Buffer().write(bytes));
    T value = adapter.fromJson(reader);
    boolean trailing;
    try {
      trailing = reader.peek() != JsonReader.Token.END_DOCUMENT;
    } catch (JsonEncodingException e) {
      trailing = true; // Strict Moshi refuses a second top-level value before it can be looked at.
    }
    if (trailing) {
      throw new JsonEncodingException(
          "unexpected content after the JSON value at " + reader.getPath());
    }
    return value;
  }

  /** Reads a string, or {@code null} for JSON null; numbers and booleans are read as their text. */
  static String nextStringOrNull(JsonReader reader) throws IOException {
    if (reader.peek() == JsonReader.Token.NULL) return reader.nextNull();
    if (reader.peek() == JsonReader.Token.BOOLEAN) return Boolean.toString(reader.nextBoolean());
    return reader.nextString();
  }
}
