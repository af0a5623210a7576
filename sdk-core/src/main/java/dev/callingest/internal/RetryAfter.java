package dev.callingest.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import okhttp3.Headers;

/**
 * Reads how long a server asked the client to wait, from the standard headers only. A wait that an
 * API words in its body is read by that API's {@link ErrorDecoder#retryAfterHint}.
 */
public final class RetryAfter {
  private RetryAfter() {}

  /**
   * The wait a response's headers ask for: {@code Retry-After-Ms} (milliseconds) first, then {@code
   * Retry-After} as seconds or as an HTTP date relative to {@code now}. A date in the past is a
   * zero wait; a header that cannot be read is ignored.
   */
  public static Optional<Duration> fromHeaders(Headers headers, Instant now) {
    String millis = headers.get("Retry-After-Ms");
    if (millis != null) {
      Optional<Duration> parsed = parseSeconds(millis.trim(), 1);
      if (parsed.isPresent()) return parsed;
    }
    String value = headers.get("Retry-After");
    if (value == null) return Optional.empty();
    value = value.trim();
    Optional<Duration> seconds = parseSeconds(value, 1000);
    if (seconds.isPresent()) return seconds;
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(now, at);
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Parses a non-negative decimal number of units, each {@code millisPerUnit} long. */
  private static Optional<Duration> parseSeconds(String value, long millisPerUnit) {
    if (value.isEmpty() || value.length() > 12 || !value.matches("\\d+(\\.\\d+)?")) {
      return Optional.empty();
    }
    double units = Double.parseDouble(value);
    return Optional.of(Duration.ofMillis(Math.round(units * millisPerUnit)));
  }
}
