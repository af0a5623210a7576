package dev.callingest.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.io.UncheckedIOException;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * The project's one {@link Moshi} instance and the byte-level helpers around it. Models use
 * hand-written adapters; this holds no API-specific code.
 */
public final class Json {
  /** Shared, thread-safe; used for untyped values such as metadata maps. */
  public static final Moshi MOSHI = new Moshi.Builder().build();

  private Json() {}

  /** Writes {@code value} to compact UTF-8 JSON bytes. */
  public static <T> byte[] toBytes(JsonAdapter<T> adapter, T value) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      adapter.toJson(writer, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // A Buffer never fails.
    }
    return buffer.readByteArray();
  }

  /** Reads one JSON value from UTF-8 bytes; trailing content is malformed JSON. */
  public static <T> T fromBytes(JsonAdapter<T> adapter, byte[] bytes) throws IOException {
    JsonReader reader = JsonReader.of(new Buffer().write(bytes));
    T value = adapter.fromJson(reader);
    boolean trailing;
    try {
      trailing = reader.peek() != JsonReader.Token.END_DOCUMENT;
    } catch (com.squareup.moshi.JsonEncodingException e) {
      trailing = true; // Strict Moshi refuses a second top-level value before we can look at it.
    }
    if (trailing) {
      throw new com.squareup.moshi.JsonEncodingException(
          "unexpected content after the JSON value at " + reader.getPath());
    }
    return value;
  }

  /** Reads a string, or {@code null} for JSON null; numbers and booleans are read as their text. */
  public static @Nullable String nextStringOrNull(JsonReader reader) throws IOException {
    if (reader.peek() == JsonReader.Token.NULL) return reader.nextNull();
    if (reader.peek() == JsonReader.Token.BOOLEAN) return Boolean.toString(reader.nextBoolean());
    return reader.nextString();
  }
}
