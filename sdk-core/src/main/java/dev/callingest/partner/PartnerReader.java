package dev.callingest.partner;

import dev.callingest.analysis.internal.JsonBytesReader;
import dev.callingest.analysis.internal.JsonBytesReader.Names;
import dev.callingest.analysis.internal.JsonBytesReader.Token;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Reads the Partner API's success body, which every submission parses, straight from its bytes (see
 * "JSON on the hot paths" in docs/architecture.md). Error bodies are rare and stay with the Moshi
 * reading of {@link PartnerJson}.
 */
final class PartnerReader {
  private static final Names SUCCESS = Names.of("success");

  private PartnerReader() {}

  /**
   * Reads a success body, {@code {"success": true}}; other names are skipped.
   *
   * @return the {@code success} flag, or {@code null} when the body does not carry one
   * @throws IOException if the body is not a JSON object or {@code success} is not a boolean
   */
  static @Nullable Boolean success(byte[] body) throws IOException {
    JsonBytesReader reader = new JsonBytesReader(body);
    Boolean success = null;
    reader.beginObject();
    while (reader.hasNext()) {
      if (reader.selectName(SUCCESS) != 0) {
        reader.skipName();
        reader.skipValue();
      } else if (reader.peek() == Token.NULL) {
        success = reader.nextNull();
      } else {
        success = reader.nextBoolean();
      }
    }
    reader.endObject();
    reader.endDocument();
    return success;
  }
}
