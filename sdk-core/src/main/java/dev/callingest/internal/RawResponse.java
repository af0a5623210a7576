package dev.callingest.internal;

import dev.callingest.HttpResponseInfo;
import java.nio.charset.StandardCharsets;
import okhttp3.Headers;
import org.jspecify.annotations.Nullable;

/** A complete HTTP response read into memory, with the attempt number that produced it. */
public final class RawResponse {
  private static final String[] REQUEST_ID_HEADERS = {
    "x-request-id", "request-id", "x-amzn-requestid"
  };

  private final int statusCode;
  private final Headers headers;
  private final byte[] body;
  private final int attempts;
  private final boolean earlierAttemptPossiblyProcessed;

  public RawResponse(int statusCode, Headers headers, byte[] body, int attempts) {
    this(statusCode, headers, body, attempts, false);
  }

  public RawResponse(
      int statusCode,
      Headers headers,
      byte[] body,
      int attempts,
      boolean earlierAttemptPossiblyProcessed) {
    this.statusCode = statusCode;
    this.headers = headers;
    this.body = body;
    this.attempts = attempts;
    this.earlierAttemptPossiblyProcessed = earlierAttemptPossiblyProcessed;
  }

  /**
   * Whether an attempt before this one, of the same submission, may have been processed by the
   * server: then a success now may mean the request was delivered twice.
   */
  public boolean earlierAttemptPossiblyProcessed() {
    return earlierAttemptPossiblyProcessed;
  }

  public int statusCode() {
    return statusCode;
  }

  public boolean isSuccessful() {
    return statusCode >= 200 && statusCode < 300;
  }

  public Headers headers() {
    return headers;
  }

  /** The body; not copied: do not modify. */
  public byte[] body() {
    return body;
  }

  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** How many attempts were made, this one included. */
  public int attempts() {
    return attempts;
  }

  /** The request id the server sent, under any of the usual header names; {@code null} if none. */
  public @Nullable String requestId() {
    for (String name : REQUEST_ID_HEADERS) {
      String value = headers.get(name);
      if (value != null && !value.isBlank()) return value;
    }
    return null;
  }

  /** The status and headers as users may see them: secret-bearing headers dropped. */
  public HttpResponseInfo httpResponseInfo() {
    return HttpResponseInfo.of(statusCode, headers.toMultimap());
  }
}
