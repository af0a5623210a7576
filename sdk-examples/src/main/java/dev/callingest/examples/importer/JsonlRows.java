package dev.callingest.examples.importer;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads JSON Lines: one JSON object per line, with the CSV's column names as keys and strings,
 * numbers or booleans as values ({@code null} counts as absent). Blank lines are skipped; a line
 * that is not such an object is unreadable.
 */
final class JsonlRows extends RowReader {
  private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class);

  private final BufferedReader in;
  private long line;

  JsonlRows(BufferedReader in) {
    this.in = in;
  }

  @Override
  Row advance() {
    try {
      String text;
      do {
        text = in.readLine();
        line++;
        if (text == null) return null;
      } while (text.isBlank());
      return parse(line, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Row parse(long line, String text) {
    Object value;
    try {
      value = JSON.fromJson(text);
    } catch (IOException | RuntimeException e) {
      return Row.unreadable(line, "is not valid JSON: " + e.getMessage());
    }
    if (!(value instanceof Map)) return Row.unreadable(line, "is not a JSON object");
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
      Object v = entry.getValue();
      String key = String.valueOf(entry.getKey());
      if (v == null) continue;
      if (v instanceof Map || v instanceof Iterable) {
        return Row.unreadable(line, key + " must be a string, number or boolean");
      }
      // Moshi reads every number as a double: write 350.0 back as 350.
      String string =
          v instanceof Double
              ? BigDecimal.valueOf((Double) v).stripTrailingZeros().toPlainString()
              : v.toString();
      if (!string.isBlank()) values.put(key, string.trim());
    }
    return Row.of(line, values);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
