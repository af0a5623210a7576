package dev.callingest.internal;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One logical API operation for the transport: a method, path segments below the base URL and, for
 * a submission, the exact JSON bytes to send.
 *
 * <p>A submission changes state on the server: it carries an {@code Idempotency-Key} that stays the
 * same on every attempt, and a failure after it was fully sent is in doubt. A read is always safe
 * to retry.
 */
public final class ApiRequest {
  private final String method;
  private final List<String> pathSegments;
  private final @Nullable JsonBytesWriter body;

  private ApiRequest(String method, List<String> pathSegments, @Nullable JsonBytesWriter body) {
    this.method = method;
    this.pathSegments = List.copyOf(pathSegments);
    this.body = body;
  }

  /** A read: {@code GET} of the given path segments (each is URL-encoded). */
  public static ApiRequest get(String... pathSegments) {
    return new ApiRequest("GET", List.of(pathSegments), null);
  }

  /** A submission: {@code POST} of JSON bytes to the given path segments. */
  public static ApiRequest submit(byte[] jsonBody, String... pathSegments) {
    Objects.requireNonNull(jsonBody, "jsonBody == null");
    return new ApiRequest("POST", List.of(pathSegments), JsonBytesWriter.of(jsonBody));
  }

  /**
   * A submission: {@code POST} of the JSON {@code jsonBody} wrote. It is sent from the writer's own
   * chunks on every attempt, never copied, so nothing may be written to it afterwards.
   */
  public static ApiRequest submit(JsonBytesWriter jsonBody, String... pathSegments) {
    Objects.requireNonNull(jsonBody, "jsonBody == null");
    return new ApiRequest("POST", List.of(pathSegments), jsonBody);
  }

  public String method() {
    return method;
  }

  public List<String> pathSegments() {
    return pathSegments;
  }

  /** The body of a submission; {@code null} for a read. Not copied: do not write to it. */
  @Nullable JsonBytesWriter body() {
    return body;
  }

  public boolean isSubmission() {
    return body != null;
  }
}
