package dev.callingest.upload;

import dev.callingest.Violation;
import dev.callingest.internal.Urls;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The Upload API's documented request rules; collects every violation instead of stopping. */
final class UploadValidator {

  private UploadValidator() {}

  static List<Violation> violations(UploadBatch batch) {
    List<Violation> violations = new ArrayList<>();
    int size = batch.calls().size();
    if (size < 1 || size > UploadBatch.MAX_CALLS) {
      violations.add(
          Violation.of(
              "calls", "must hold 1 to " + UploadBatch.MAX_CALLS + " calls", null, size + " calls"));
    }
    Map<String, Integer> firstIndexById = new HashMap<>();
    for (int i = 0; i < size; i++) {
      check(batch.calls().get(i), i, firstIndexById, violations);
    }
    return violations;
  }

  /** The path of a field of call {@code index}; built only when a rule is broken. */
  private static String path(int index, String field) {
    return "calls[" + index + "]." + field;
  }

  private static void check(
      UploadCall call, int index, Map<String, Integer> firstIndexById, List<Violation> out) {
    String id = call.externalId().isBlank() ? null : call.externalId();
    if (id == null) {
      out.add(Violation.of(path(index, "external_id"), "is required", null, call.externalId()));
    } else {
      Integer first = firstIndexById.putIfAbsent(id, index);
      if (first != null) {
        out.add(
            Violation.of(
                path(index, "external_id"),
                "must be unique within the batch (calls[" + first + "] has it too)",
                id,
                id));
      }
    }
    if (call.audioUrl().isBlank()) {
      out.add(Violation.of(path(index, "audio_url"), "is required", id, call.audioUrl()));
    } else if (!isAudioUrl(call.audioUrl())) {
      out.add(
          Violation.of(
              path(index, "audio_url"),
              "must be an http or https URL with a host, or an s3 URL with a bucket and an object key",
              id,
              Urls.withoutQuery(call.audioUrl())));
    }
    if (call.userEmail().isBlank()) {
      out.add(Violation.of(path(index, "user_email"), "is required", id, call.userEmail()));
    } else {
      checkEmail(call.userEmail(), index, "user_email", id, out);
    }
    call.contactEmail().ifPresent(email -> checkEmail(email, index, "contact_email", id, out));
    if (call.durationSeconds().isPresent() && call.durationSeconds().getAsLong() <= 0) {
      out.add(
          Violation.of(
              path(index, "duration"),
              "must be a positive number of seconds",
              id,
              Long.toString(call.durationSeconds().getAsLong())));
    }
    for (Map.Entry<String, Object> entry : call.metadata().entrySet()) {
      Optional<String> problem = metadataProblem(entry.getValue());
      problem.ifPresent(
          rule ->
              out.add(
                  Violation.of(
                      path(index, "metadata." + entry.getKey()),
                      rule,
                      id,
                      String.valueOf(entry.getValue()))));
    }
  }

  private static void checkEmail(
      String email, int index, String field, String id, List<Violation> out) {
    if (!isEmail(email)) {
      out.add(
          Violation.of(
              path(index, field), "must be an email address such as name@example.com", id, email));
    }
  }

  /**
   * Deliberately loose, the server has the final word: one {@code @} with something before it, no
   * white space, and a domain of at least two non-empty dot-separated labels. A scan, not a regular
   * expression: it runs for two emails of every call of every batch.
   */
  static boolean isEmail(String email) {
    int at = email.indexOf('@');
    if (at <= 0 || email.indexOf('@', at + 1) >= 0) return false;
    for (int i = 0; i < at; i++) {
      if (isSpace(email.charAt(i))) return false;
    }
    int labels = 0;
    int labelStart = at + 1;
    for (int i = at + 1; i <= email.length(); i++) {
      if (i == email.length() || email.charAt(i) == '.') {
        if (i == labelStart) return false;
        labels++;
        labelStart = i + 1;
      } else if (isSpace(email.charAt(i))) {
        return false;
      }
    }
    return labels >= 2;
  }

  /** The characters of the regular expression class {@code \s}. */
  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  static boolean isAudioUrl(String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      return false;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("s3")) return false;
    // getHost() is null for bucket names that are not valid host names (underscores); the
    // authority is what names the host or bucket in all three schemes.
    String authority = uri.getRawAuthority();
    if (authority == null || authority.isBlank()) return false;
    // An s3 URL must name an object, not only a bucket: a bucket is not a recording.
    String path = uri.getRawPath();
    return !scheme.equals("s3") || (path != null && path.length() > 1);
  }

  private static Optional<String> metadataProblem(Object value) {
    if (value instanceof String || value instanceof Boolean) return Optional.empty();
    if (value instanceof Number) {
      double number = ((Number) value).doubleValue();
      return Double.isFinite(number)
          ? Optional.empty()
          : Optional.of("must be a finite number");
    }
    return Optional.of("must be a string, number or boolean");
  }
}
