package dev.callingest.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The Upload API's per-call rules, written from its document (not shared with the SDK); the field
 * rules themselves (blank, email, URL, time) are {@link ServerRules}.
 */
final class UploadValidation {
  private static final Set<String> DIRECTIONS = Set.of("inbound", "outbound");
  private static final Set<String> AUDIO_SCHEMES = Set.of("http", "https", "s3");

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
    if (audioUrl != null && !isAudioUrl(audioUrl)) {
      errors.add("audio_url must be an http, https or s3 URL");
    }
    String userEmail = requiredString(call, "user_email", errors);
    if (userEmail != null && !ServerRules.isEmail(userEmail)) {
      errors.add("user_email must be a valid email address");
    }
    String callDate = requiredString(call, "call_date", errors);
    if (callDate != null && !ServerRules.isOffsetTime(callDate)) {
      errors.add(
          "call_date must be an ISO 8601 timestamp with a year from 0001 to 9999 and a time zone,"
              + " such as 2025-01-15T14:30:00Z");
    }
    optionalString(call, "contact_name", errors);
    optionalString(call, "contact_phone", errors);
    String contactEmail = optionalString(call, "contact_email", errors);
    if (contactEmail != null && !ServerRules.isEmail(contactEmail)) {
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

  private static @Nullable String requiredString(Map<?, ?> call, String name, List<String> errors) {
    Object value = call.get(name);
    if (value == null || (value instanceof String s && ServerRules.isBlank(s))) {
      errors.add(name + " is required");
      return null;
    }
    if (!(value instanceof String s)) {
      errors.add(name + " must be a string");
      return null;
    }
    return s;
  }

  private static @Nullable String optionalString(Map<?, ?> call, String name, List<String> errors) {
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

  /** An http or https URL with a host, or an s3 URL naming a bucket (no port) and an object key. */
  static boolean isAudioUrl(String url) {
    ServerRules.Url parsed = ServerRules.url(url);
    if (!parsed.valid() || !AUDIO_SCHEMES.contains(parsed.scheme())) {
      return false;
    }
    // S3 bucket names have no colon: an s3 URL with a port (even an empty one) names no bucket.
    return !parsed.scheme().equals("s3") || (!parsed.portWritten() && parsed.path().length() > 1);
  }
}
