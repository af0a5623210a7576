package dev.callingest.upload;

import dev.callingest.Violation;
import dev.callingest.internal.FieldRules;
import dev.callingest.internal.IsoTimes;
import dev.callingest.internal.UrlCheck;
import dev.callingest.internal.UrlRedaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The Upload API's documented request rules; collects every violation instead of stopping. */
final class UploadValidator {
  static final String AUDIO_URL_RULE =
      "must be an http or https URL with a host, or an s3 URL with a bucket and an object key";

  private UploadValidator() {}

  static List<Violation> violations(UploadBatch batch) {
    List<Violation> violations = new ArrayList<>();
    int size = batch.calls().size();
    if (size < 1 || size > UploadBatch.MAX_CALLS) {
      violations.add(
          Violation.of(
              "calls",
              "must hold 1 to " + UploadBatch.MAX_CALLS + " calls",
              null,
              size + " calls"));
    }
    FirstIndex firstIndexById = new FirstIndex(size);
    for (int i = 0; i < size; i++) {
      check(batch.calls().get(i), i, firstIndexById, violations);
    }
    return violations;
  }

  /**
   * The violations of one call, exactly as {@link #violations(UploadBatch)} reports them for a
   * batch holding that call alone (paths {@code calls[0].field}), without building the batch: the
   * bulk importer checks every call it reads this way.
   */
  static List<Violation> violations(UploadCall call) {
    List<Violation> violations = new ArrayList<>();
    check(call, 0, null, violations);
    return violations;
  }

  /** The path of a field of call {@code index}; built only when a rule is broken. */
  private static String path(int index, String field) {
    return "calls[" + index + "]." + field;
  }

  /** Checks one call; {@code firstIndexById} is null when the call is alone (no id to repeat). */
  private static void check(
      UploadCall call, int index, @Nullable FirstIndex firstIndexById, List<Violation> out) {
    @Nullable String id = FieldRules.isBlank(call.externalId()) ? null : call.externalId();
    if (id == null) {
      out.add(Violation.of(path(index, "external_id"), "is required", null, call.externalId()));
    } else if (firstIndexById != null) {
      int first = firstIndexById.putIfAbsent(id, index);
      if (first >= 0) {
        out.add(
            Violation.of(
                path(index, "external_id"),
                "must be unique within the batch (calls[" + first + "] has it too)",
                id,
                id));
      }
    }
    if (FieldRules.isBlank(call.audioUrl())) {
      out.add(Violation.of(path(index, "audio_url"), "is required", id, call.audioUrl()));
    } else {
      // Plain ifs rather than ifPresent(lambda): a capturing lambda is an object per call.
      Optional<String> problem = audioUrlProblem(call.audioUrl());
      if (problem.isPresent()) {
        out.add(
            Violation.of(
                path(index, "audio_url"),
                AUDIO_URL_RULE + " (it " + problem.get() + ")",
                id,
                UrlRedaction.redact(call.audioUrl())));
      }
    }
    if (FieldRules.isBlank(call.userEmail())) {
      out.add(Violation.of(path(index, "user_email"), "is required", id, call.userEmail()));
    } else {
      checkEmail(call.userEmail(), index, "user_email", id, out);
    }
    String contactEmail = call.contactEmail().orElse(null);
    if (contactEmail != null) checkEmail(contactEmail, index, "contact_email", id, out);
    if (!IsoTimes.isWritable(call.callDate())) {
      out.add(
          Violation.of(
              path(index, "call_date"),
              "must have a year from 0001 to 9999",
              id,
              call.callDate().toString()));
    }
    if (call.durationSeconds().isPresent() && call.durationSeconds().getAsLong() <= 0) {
      out.add(
          Violation.of(
              path(index, "duration"),
              "must be a positive number of seconds",
              id,
              Long.toString(call.durationSeconds().getAsLong())));
    }
  }

  private static void checkEmail(
      String email, int index, String field, @Nullable String id, List<Violation> out) {
    if (!FieldRules.isEmail(email)) {
      out.add(
          Violation.of(
              path(index, field), "must be an email address such as name@example.com", id, email));
    }
  }

  /**
   * The index at which each external id was first seen: an open-addressing table of indexes (ids
   * compared with {@code equals}) at least twice the batch in size, about 2 KB for a full batch
   * where a {@code HashMap} made a node per call and grew four times.
   */
  private static final class FirstIndex {
    private final String[] ids;
    private final int[] indexes;

    FirstIndex(int expected) {
      int capacity = Integer.highestOneBit(Math.max(2, expected) * 2 - 1) << 1;
      ids = new String[capacity];
      indexes = new int[capacity];
    }

    /** Records {@code index} for {@code id} unless it was seen; returns the earlier index or -1. */
    int putIfAbsent(String id, int index) {
      int mask = ids.length - 1;
      int hash = id.hashCode();
      for (int slot = (hash ^ (hash >>> 16)) & mask; ; slot = (slot + 1) & mask) {
        String held = ids[slot];
        if (held == null) {
          ids[slot] = id;
          indexes[slot] = index;
          return -1;
        }
        if (held.equals(id)) return indexes[slot];
      }
    }
  }

  /** What is wrong with an audio URL, in words that follow "it", or empty when nothing is. */
  static Optional<String> audioUrlProblem(String value) {
    UrlCheck url = FieldRules.url(value);
    if (url.problem().isPresent()) return url.problem();
    String scheme = url.scheme();
    if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("s3")) {
      return Optional.of("has the scheme " + scheme);
    }
    // An s3 URL must name an object, not only a bucket: a bucket is not a recording. A bucket name
    // has no colon, so an s3 URL has no port (S3 bucket naming rules).
    if (scheme.equals("s3") && url.hasPortSeparator()) {
      return Optional.of("has a colon after its bucket; an s3 URL has no port");
    }
    if (scheme.equals("s3") && !url.hasPathBeyondSlash()) return Optional.of("names no object key");
    return Optional.empty();
  }
}
