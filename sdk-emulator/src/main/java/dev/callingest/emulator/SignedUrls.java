package dev.callingest.emulator;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * When a signed recording URL stops working, as an object store would judge it: an AWS signature v4
 * URL is valid for {@code X-Amz-Expires} seconds from {@code X-Amz-Date}; a v2 URL until {@code
 * Expires} (epoch seconds). The API's fetch of an expired URL fails as "not accessible".
 */
final class SignedUrls {
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  private SignedUrls() {}

  static Optional<Instant> expiry(String url) {
    int mark = url.indexOf('?');
    if (mark < 0) return Optional.empty();
    int hash = url.indexOf('#', mark);
    String query = url.substring(mark + 1, hash < 0 ? url.length() : hash);
    String date = null;
    String seconds = null;
    String expires = null;
    for (String pair : query.split("&")) {
      String[] parts = pair.split("=", 2);
      if (parts.length < 2) continue;
      switch (parts[0].toLowerCase(Locale.ROOT)) {
        case "x-amz-date" -> date = parts[1];
        case "x-amz-expires" -> seconds = parts[1];
        case "expires" -> expires = parts[1];
        default -> {}
      }
    }
    try {
      if (date != null && seconds != null) {
        return Optional.of(
            LocalDateTime.parse(date, AMZ_DATE)
                .toInstant(ZoneOffset.UTC)
                .plusSeconds(Long.parseLong(seconds)));
      }
      if (expires != null) return Optional.of(Instant.ofEpochSecond(Long.parseLong(expires)));
    } catch (DateTimeParseException | NumberFormatException e) {
      return Optional.empty(); // a store would refuse the signature; the emulator does not judge it
    }
    return Optional.empty();
  }
}
