package dev.callingest.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Headers;

/** Reads how long a server asked the client to wait. */
public final class RetryAfter {
  private static final Pattern TRY_AGAIN_IN =
      Pattern.compile("(?i)try again in (\\d{1,6}(?:\\.\\d{1,3})?) ?(?:s\\b|sec|second)");

  private RetryAfter() {}

  /**
   * The wait a response's headers ask for: {@code Retry-After-Ms} (milliseconds) first, then {@code
   * Retry-After} as seconds or as an HTTP date relative to {@code now}. A date in the past is a zero
   * wait; a header that cannot be read is ignored.
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

  /**
   * The wait a message such as {@code "Rate limit exceeded. Try again in 60 seconds."} asks for, as
   * the Partner API words it when it sends no header.
   */
  public static Optional<Duration> fromMessage(String message) {
    if (message == null) return Optional.empty();
    Matcher matcher = TRY_AGAIN_IN.matcher(message);
    if (!matcher.find()) return Optional.empty();
    return parseSeconds(matcher.group(1), 1000);
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
