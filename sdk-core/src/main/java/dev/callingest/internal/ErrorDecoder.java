package dev.callingest.internal;

import dev.callingest.CallingestException;
import java.time.Duration;
import java.util.Optional;

/** Each API's reading of its error responses; the transport stays free of API formats. */
public interface ErrorDecoder {
  /**
   * The exception for a response that is not a success, after retries are done.
   *
   * @param response the last response
   * @param retryAfter the wait the server asked for, or {@code null}
   */
  CallingestException decode(RawResponse response, Duration retryAfter);

  /** A wait that the body asks for, used when the headers give none. */
  default Optional<Duration> retryAfterHint(RawResponse response) {
    return Optional.empty();
  }
}
