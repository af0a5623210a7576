package dev.callingest.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Checks in each benchmark's setup that the SDK and its baseline produce the same JSON. */
final class Equivalence {
  private Equivalence() {}

  static void sameJson(String what, byte[] sdk, byte[] baseline) {
    try {
      JsonNode a = JacksonModels.MAPPER.readTree(sdk);
      JsonNode b = JacksonModels.MAPPER.readTree(baseline);
      if (!a.equals(b)) {
        throw new IllegalStateException(
            what
                + ": the SDK and the baseline write different JSON:\n"
                + a.toPrettyString().lines().limit(40).reduce("", (x, y) -> x + y + "\n")
                + "---\n"
                + b.toPrettyString().lines().limit(40).reduce("", (x, y) -> x + y + "\n"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void check(String what, boolean condition) {
    if (!condition) throw new IllegalStateException(what);
  }
}
