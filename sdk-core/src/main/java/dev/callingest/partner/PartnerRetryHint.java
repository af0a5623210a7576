package dev.callingest.partner;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the wait the Partner API words in a 429's message, {@code "Rate limit exceeded. Try again
 * in 60 seconds."}, when it sends no {@code Retry-After} header. The transport reads the headers;
 * this wording belongs to the Partner API alone, so it lives here and reaches the transport through
 * {@link PartnerErrorDecoder#retryAfterHint}.
 */
final class PartnerRetryHint {
  private static final Pattern TRY_AGAIN_IN =
      Pattern.compile("(?i)try again in (\\d{1,6}(?:\\.\\d{1,3})?) ?(?:s\\b|sec|second)");

  private PartnerRetryHint() {}

  /** The wait {@code message} asks for; empty when it is null or names no wait. */
  static Optional<Duration> fromMessage(String message) {
    if (message == null) return Optional.empty();
    Matcher matcher = TRY_AGAIN_IN.matcher(message);
    if (!matcher.find()) return Optional.empty();
    double seconds = Double.parseDouble(matcher.group(1));
    return Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
  }
}
