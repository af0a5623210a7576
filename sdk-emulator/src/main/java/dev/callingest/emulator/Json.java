package dev.callingest.emulator;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** JSON through Moshi's generic adapter: maps, lists, strings, doubles, booleans. */
final class Json {
  private static final JsonAdapter<Object> ADAPTER =
      new Moshi.Builder().build().adapter(Object.class);

  private Json() {}

  /**
   * Parses a whole document; throws IOException (or a Moshi data exception) when it is not JSON.
   */
  static Object parse(byte[] body) throws IOException {
    try {
      return ADAPTER.fromJson(new String(body, StandardCharsets.UTF_8));
    } catch (RuntimeException e) { // JsonDataException: duplicate keys and the like
      throw new IOException(e.getMessage(), e);
    }
  }

  static byte[] write(Object value) {
    return ADAPTER.toJson(value).getBytes(StandardCharsets.UTF_8);
  }

  static String writeString(Object value) {
    return ADAPTER.toJson(value);
  }

  /** An insertion-ordered map from alternating keys and values; null values are left out. */
  static Map<String, Object> obj(@Nullable Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] != null) {
        map.put((String) keysAndValues[i], keysAndValues[i + 1]);
      }
    }
    return map;
  }
}
