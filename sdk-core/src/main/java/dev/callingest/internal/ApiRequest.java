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
  private final int bodyOffset;
  private final int bodyLength;

  private ApiRequest(
      String method,
      List<String> pathSegments,
      byte @Nullable [] body,
      int bodyOffset,
      int bodyLength) {
    this.method = method;
    this.pathSegments = List.copyOf(pathSegments);
    this.body = body;
    this.bodyOffset = bodyOffset;
    this.bodyLength = bodyLength;
  }

  /** A read: {@code GET} of the given path segments (each is URL-encoded). */
  public static ApiRequest get(String... pathSegments) {
    return new ApiRequest("GET", List.of(pathSegments), null, 0, 0);
  }

  /** A submission: {@code POST} of JSON bytes to the given path segments. */
  public static ApiRequest submit(byte[] jsonBody, String... pathSegments) {
    Objects.requireNonNull(jsonBody, "jsonBody == null");
    return new ApiRequest("POST", List.of(pathSegments), jsonBody, 0, jsonBody.length);
  }

  /**
   * A submission whose JSON is {@code length} bytes of {@code buffer} from {@code offset}: a writer
   * that fills an array of its own hands it over as it is, with no copy cut to size. The bytes are
   * read on every attempt, so the range must not change until the request has ended.
   *
   * @throws IndexOutOfBoundsException if the range does not lie within {@code buffer}
   */
  public static ApiRequest submit(byte[] buffer, int offset, int length, String... pathSegments) {
    Objects.requireNonNull(buffer, "buffer == null");
    Objects.checkFromIndexSize(offset, length, buffer.length);
    return new ApiRequest("POST", List.of(pathSegments), buffer, offset, length);
  }

  public String method() {
    return method;
  }

  public List<String> pathSegments() {
    return pathSegments;
  }

  /**
   * The array holding a submission's body, from {@link #bodyOffset()} for {@link #bodyLength()}
   * bytes; {@code null} for a read. Not copied: do not modify.
   */
  byte @Nullable [] body() {
    return body;
  }

  /** {@return where the body starts in {@link #body()}; 0 for a read} */
  int bodyOffset() {
    return bodyOffset;
  }

  /** {@return the number of bytes of the body; 0 for a read} */
  public int bodyLength() {
    return bodyLength;
  }

  public boolean isSubmission() {
    return body != null;
  }
}
