package dev.callingest.preflight;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads when a presigned URL stops working from its own query: AWS signature version 4 ({@code
 * X-Amz-Date} plus {@code X-Amz-Expires} seconds), the same shape from Google Cloud Storage ({@code
 * X-Goog-Date}, {@code X-Goog-Expires}), and signature version 2 or CloudFront ({@code Expires}, in
 * epoch seconds). A URL with none of these has no expiry known to the SDK. Values that cannot be
 * read count as unknown: the preflight never refuses a URL for a query it does not understand.
 */
final class PresignedExpiry {
  private static final DateTimeFormatter BASIC =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  private PresignedExpiry() {}

  static Optional<Instant> of(URI uri) {
    String query = uri.getRawQuery();
    if (query == null || query.isEmpty()) return Optional.empty();
    Map<String, String> params = new HashMap<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) continue;
      String name = decode(pair.substring(0, eq)).toLowerCase(Locale.ROOT);
      params.putIfAbsent(name, decode(pair.substring(eq + 1)));
    }
    Optional<Instant> v4 = dated(params.get("x-amz-date"), params.get("x-amz-expires"));
    if (v4.isPresent()) return v4;
    Optional<Instant> goog = dated(params.get("x-goog-date"), params.get("x-goog-expires"));
    if (goog.isPresent()) return goog;
    String expires = params.get("expires");
    if (expires != null && expires.matches("\\d{1,12}")) {
      return Optional.of(Instant.ofEpochSecond(Long.parseLong(expires)));
    }
    return Optional.empty();
  }

  private static Optional<Instant> dated(@Nullable String date, @Nullable String seconds) {
    if (date == null || seconds == null || !seconds.matches("\\d{1,9}")) return Optional.empty();
    try {
      Instant signed = LocalDateTime.parse(date, BASIC).toInstant(ZoneOffset.UTC);
      return Optional.of(signed.plusSeconds(Long.parseLong(seconds)));
    } catch (DateTimeParseException e) {
      try {
        return Optional.of(
            OffsetDateTime.parse(date).toInstant().plusSeconds(Long.parseLong(seconds)));
      } catch (DateTimeParseException again) {
        return Optional.empty();
      }
    }
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }
}
