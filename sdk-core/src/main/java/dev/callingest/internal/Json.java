package dev.callingest.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
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

  /**
   * Reads a metadata object whose values are strings, numbers or booleans; a whole number within
   * the range of {@code long} reads as a whole number value.
   *
   * @throws JsonDataException for another kind of value, naming its JSON path
   */
  public static Map<String, dev.callingest.MetadataValue> readMetadata(JsonReader reader)
      throws IOException {
    Map<String, dev.callingest.MetadataValue> result = new LinkedHashMap<>();
    if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
      throw new com.squareup.moshi.JsonDataException(
          "metadata must be an object at " + reader.getPath());
    }
    reader.beginObject();
    while (reader.hasNext()) {
      String key = reader.nextName();
      switch (reader.peek()) {
        case STRING:
          result.put(key, dev.callingest.MetadataValue.of(reader.nextString()));
          break;
        case BOOLEAN:
          result.put(key, dev.callingest.MetadataValue.of(reader.nextBoolean()));
          break;
        case NUMBER:
          String text = reader.nextString();
          long whole;
          try {
            whole = Long.parseLong(text);
            result.put(key, dev.callingest.MetadataValue.of(whole));
          } catch (NumberFormatException e) {
            result.put(key, dev.callingest.MetadataValue.of(Double.parseDouble(text)));
          }
          break;
        default:
          throw new com.squareup.moshi.JsonDataException(
              "metadata values must be strings, numbers or booleans at " + reader.getPath());
      }
    }
    reader.endObject();
    return result;
  }

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
