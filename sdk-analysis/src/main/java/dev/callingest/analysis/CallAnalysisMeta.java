package dev.callingest.analysis;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * The {@code meta} block of a call analysis: where the callback came from, when it was produced,
 * and the {@code metadata} pairs of the original request item, echoed back so that a callback can
 * be matched with your own records.
 */
@Value.Immutable
public abstract class CallAnalysisMeta {
  CallAnalysisMeta() {}

  /**
   * Where the callback came from ({@code source}), such as {@code "webhook"}.
   *
   * @return the source, absent when the API sent none
   */
  public abstract Optional<String> source();

  /**
   * The {@code timestamp} exactly as the API wrote it; {@link #timestamp()} parses it.
   *
   * @return the text, absent when the API sent none
   */
  public abstract Optional<String> rawTimestamp();

  /**
   * When the analysis was produced. Empty when the API sent no timestamp or one that is not ISO
   * 8601 with an offset; {@link #rawTimestamp()} still holds it then.
   *
   * @return the instant, or empty
   */
  public final Optional<Instant> timestamp() {
    return rawTimestamp().flatMap(CallAnalysisMeta::parseInstant);
  }

  /**
   * Every other key of {@code meta}: the request's metadata echoed back. Values are a {@link
   * String}, a {@link Boolean} or a {@link Number} (parsing gives {@link BigDecimal}); nested
   * objects, arrays and nulls are left out.
   *
   * @return the echoed pairs, in the order received, empty when there are none
   */
  public abstract Map<String, Object> metadata();

  @Value.Check
  void check() {
    // forEach with a lambda that captures nothing: no entry-set view, iterator or entry wrappers.
    metadata().forEach(CallAnalysisMeta::checkValue);
  }

  private static void checkValue(String key, Object value) {
    if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
      throw new IllegalStateException("metadata." + key + " must be a String, Number or Boolean");
    }
  }

  private static Optional<Instant> parseInstant(String text) {
    try {
      return Optional.of(OffsetDateTime.parse(text.trim()).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding this value's attributes, to make a changed copy} */
  public Builder newBuilder() {
    return builder().from(this);
  }

  /** Builds a {@link CallAnalysisMeta}. */
  public static final class Builder extends ImmutableCallAnalysisMeta.Builder {
    Builder() {}

    /**
     * Sets the timestamp, written in UTC as ISO 8601 ({@code 2025-05-08T04:53:11.110Z}).
     *
     * @param timestamp the instant
     * @return this builder
     */
    public Builder timestamp(Instant timestamp) {
      Objects.requireNonNull(timestamp, "timestamp == null");
      return rawTimestamp(timestamp.toString());
    }
  }
}
