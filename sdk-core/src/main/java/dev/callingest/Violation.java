package dev.callingest;

import dev.callingest.internal.UrlRedaction;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One broken rule: where it is ({@code calls[3].user_email}, {@code data[0].call.end_time}), which
 * rule it breaks, and the value that broke it.
 *
 * <p>Client-side validation fills every part. Violations read from a server's validation error
 * carry the path and the server's message as the rule, and no rejected value.
 */
public final class Violation {
  private final String path;
  private final String rule;
  private final @Nullable String recordId;
  private final @Nullable String rejectedValue;

  private Violation(
      String path, String rule, @Nullable String recordId, @Nullable String rejectedValue) {
    this.path = Objects.requireNonNull(path, "path == null");
    // A server's message or a rejected value may quote a URL with its token: keep only what the
    // one redaction rule shows.
    this.rule = UrlRedaction.redactUrls(Objects.requireNonNull(rule, "rule == null"));
    this.recordId = recordId;
    this.rejectedValue = UrlRedaction.redactUrlsIn(rejectedValue);
  }

  /**
   * Creates a violation.
   *
   * @param path the field's path in the request, such as {@code calls[3].user_email}
   * @param rule the rule in words, such as {@code must be a valid email address}
   * @param recordId the caller's id of the call the field belongs to, or {@code null}
   * @param rejectedValue the offending value as text, or {@code null} when absent or secret
   * @return the violation
   */
  public static Violation of(
      String path, String rule, @Nullable String recordId, @Nullable String rejectedValue) {
    return new Violation(path, rule, recordId, rejectedValue);
  }

  /** {@return the field's path in the request, such as {@code calls[3].user_email}} */
  public String path() {
    return path;
  }

  /** {@return the rule that was broken, in words} */
  public String rule() {
    return rule;
  }

  /**
   * {@return the caller's id of the call the field belongs to (external id or call id), when known}
   */
  public Optional<String> recordId() {
    return Optional.ofNullable(recordId);
  }

  /** {@return the value that broke the rule, as text, when there was one and it is not secret} */
  public Optional<String> rejectedValue() {
    return Optional.ofNullable(rejectedValue);
  }

  /** A one-line description: the path, the rule, the id and the rejected value. */
  @Override
  public String toString() {
    StringBuilder result = new StringBuilder(path).append(' ').append(rule);
    if (recordId != null) result.append(" (id ").append(recordId).append(')');
    if (rejectedValue != null)
      result.append(": rejected value '").append(rejectedValue).append('\'');
    return result.toString();
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof Violation)) return false;
    Violation that = (Violation) other;
    return path.equals(that.path)
        && rule.equals(that.rule)
        && Objects.equals(recordId, that.recordId)
        && Objects.equals(rejectedValue, that.rejectedValue);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, rule, recordId, rejectedValue);
  }
}
