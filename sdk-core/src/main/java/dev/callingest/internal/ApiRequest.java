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
  private final byte @Nullable [] body;
  private final int bodyLength;

  private ApiRequest(
      String method, List<String> pathSegments, byte @Nullable [] body, int bodyLength) {
    this.method = method;
    this.pathSegments = List.copyOf(pathSegments);
    this.body = body;
    this.bodyLength = bodyLength;
  }

  /** A read: {@code GET} of the given path segments (each is URL-encoded). */
  public static ApiRequest get(String... pathSegments) {
    return new ApiRequest("GET", List.of(pathSegments), null, 0);
  }

  /** A submission: {@code POST} of JSON bytes to the given path segments. */
  public static ApiRequest submit(byte[] jsonBody, String... pathSegments) {
    Objects.requireNonNull(jsonBody, "jsonBody == null");
    return new ApiRequest("POST", List.of(pathSegments), jsonBody, jsonBody.length);
  }

  /**
   * A submission whose JSON is the first {@code length} bytes of {@code jsonBody}, such as a {@link
   * JsonBytesWriter}'s array: sent from that array on every attempt, never copied, so it must not
   * change afterwards.
   */
  public static ApiRequest submit(byte[] jsonBody, int length, String... pathSegments) {
    Objects.requireNonNull(jsonBody, "jsonBody == null");
    Objects.checkFromIndexSize(0, length, jsonBody.length);
    return new ApiRequest("POST", List.of(pathSegments), jsonBody, length);
  }

  public String method() {
    return method;
  }

  public List<String> pathSegments() {
    return pathSegments;
  }

  /**
   * The array holding a submission's body in its first {@link #bodyLength()} bytes; {@code null}
   * for a read. Not copied: do not modify.
   */
  byte @Nullable [] body() {
    return body;
  }

  /** The length of a submission's body; 0 for a read. */
  int bodyLength() {
    return bodyLength;
  }

  public boolean isSubmission() {
    return body != null;
  }
}
