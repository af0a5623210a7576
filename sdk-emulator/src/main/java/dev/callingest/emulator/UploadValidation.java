package dev.callingest.emulator;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The Upload API's per-call rules, written from its document (not shared with the SDK). */
final class UploadValidation {
  static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$");
  private static final Set<String> DIRECTIONS = Set.of("inbound", "outbound");

  private UploadValidation() {}

  /** Returns the rule violations of one element of {@code calls}; empty when it is valid. */
  static List<String> validate(Object element) {
    List<String> errors = new ArrayList<>();
    if (!(element instanceof Map<?, ?> call)) {
      errors.add("call must be an object");
      return errors;
    }
    String externalId = requiredString(call, "external_id", errors);
    String audioUrl = requiredString(call, "audio_url", errors);
    if (audioUrl != null && !isAudioUrl(audioUrl.trim())) {
      errors.add("audio_url must be an http, https or s3 URL");
    }
    String userEmail = requiredString(call, "user_email", errors);
    if (userEmail != null && !EMAIL.matcher(userEmail).matches()) {
      errors.add("user_email must be a valid email address");
    }
    String callDate = requiredString(call, "call_date", errors);
    if (callDate != null && !isTimestamp(callDate)) {
      errors.add("call_date must be an ISO 8601 timestamp with a time zone, such as 2025-01-15T14:30:00Z");
    }
    optionalString(call, "contact_name", errors);
    optionalString(call, "contact_phone", errors);
    String contactEmail = optionalString(call, "contact_email", errors);
    if (contactEmail != null && !EMAIL.matcher(contactEmail).matches()) {
      errors.add("contact_email must be a valid email address");
    }
    String direction = optionalString(call, "direction", errors);
    if (direction != null && !DIRECTIONS.contains(direction)) {
      errors.add("direction must be inbound or outbound");
    }
    Object duration = call.get("duration");
    if (duration != null && !(duration instanceof Double d && d > 0 && Double.isFinite(d))) {
      errors.add("duration must be positive number");
    }
    Object metadata = call.get("metadata");
    if (metadata != null) {
      if (!(metadata instanceof Map<?, ?> pairs)) {
        errors.add("metadata must be an object of key-value pairs");
      } else {
        for (Map.Entry<?, ?> pair : pairs.entrySet()) {
          Object value = pair.getValue();
          if (value instanceof Map || value instanceof List) {
            errors.add("metadata." + pair.getKey() + " must be a string, number or boolean");
          }
        }
      }
    }
    return errors;
  }

  private static String requiredString(Map<?, ?> call, String name, List<String> errors) {
    Object value = call.get(name);
    if (value == null || (value instanceof String s && s.isBlank())) {
      errors.add(name + " is required");
      return null;
    }
    if (!(value instanceof String s)) {
      errors.add(name + " must be a string");
      return null;
    }
    return s;
  }

  private static String optionalString(Map<?, ?> call, String name, List<String> errors) {
    Object value = call.get(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s)) {
      errors.add(name + " must be a string");
      return null;
    }
    return s;
  }

  static boolean isAudioUrl(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      // The authority, not getHost(): legacy bucket names with underscores are not host names.
      String authority = uri.getRawAuthority();
      if (scheme == null || authority == null || authority.isBlank()) {
        return false;
      }
      scheme = scheme.toLowerCase(java.util.Locale.ROOT);
      if (scheme.equals("s3")) {
        return uri.getPath() != null && uri.getPath().length() > 1;
      }
      return scheme.equals("http") || scheme.equals("https");
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static boolean isTimestamp(String value) {
    try {
      OffsetDateTime.parse(value);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
