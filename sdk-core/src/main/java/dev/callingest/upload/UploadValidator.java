package dev.callingest.upload;

import dev.callingest.Violation;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The Upload API's documented request rules; collects every violation instead of stopping. */
final class UploadValidator {
  // Deliberately loose: one @, no spaces, a dot in the domain. The server has the final word.
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");

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
      check(batch.calls().get(i), "calls[" + i + "]", i, firstIndexById, violations);
    }
    return violations;
  }

  private static void check(
      UploadCall call, String at, int index, Map<String, Integer> firstIndexById, List<Violation> out) {
    String id = call.externalId().isBlank() ? null : call.externalId();
    if (id == null) {
      out.add(Violation.of(at + ".external_id", "is required", null, call.externalId()));
    } else {
      Integer first = firstIndexById.putIfAbsent(id, index);
      if (first != null) {
        out.add(
            Violation.of(
                at + ".external_id",
                "must be unique within the batch (calls[" + first + "] has it too)",
                id,
                id));
      }
    }
    if (call.audioUrl().isBlank()) {
      out.add(Violation.of(at + ".audio_url", "is required", id, call.audioUrl()));
    } else if (!isAudioUrl(call.audioUrl())) {
      out.add(
          Violation.of(
              at + ".audio_url",
              "must be an http, https or s3 URL with a host or bucket",
              id,
              call.audioUrl()));
    }
    if (call.userEmail().isBlank()) {
      out.add(Violation.of(at + ".user_email", "is required", id, call.userEmail()));
    } else {
      checkEmail(call.userEmail(), at + ".user_email", id, out);
    }
    call.contactEmail().ifPresent(email -> checkEmail(email, at + ".contact_email", id, out));
    if (call.durationSeconds().isPresent() && call.durationSeconds().getAsLong() <= 0) {
      out.add(
          Violation.of(
              at + ".duration",
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
                      at + ".metadata." + entry.getKey(),
                      rule,
                      id,
                      String.valueOf(entry.getValue()))));
    }
  }

  private static void checkEmail(String email, String path, String id, List<Violation> out) {
    if (!EMAIL.matcher(email).matches()) {
      out.add(Violation.of(path, "must be an email address such as name@example.com", id, email));
    }
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
    return authority != null && !authority.isBlank();
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
