package dev.callingest.internal;

import dev.callingest.CallingestException;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Each API's reading of its error responses; the transport stays free of API formats. */
public interface ErrorDecoder {
  /**
   * The exception for a response that is not a success, after retries are done.
   *
   * @param response the last response
   * @param retryAfter the wait the server asked for, or {@code null}
   */
  CallingestException decode(RawResponse response, @Nullable Duration retryAfter);

  /**
   * Whether an answer with this error status to a submission may come from a server that processed
   * the request anyway. The default, chosen for both APIs, is every 5xx but 503: neither API
   * documents whether a 500 can follow a stored batch, and 503 is the answer of a server that did
   * not take the request. 4xx answers, 429 included, mean not processed.
   *
   * @param status the HTTP status, not 2xx
   */
  default boolean answerMayFollowProcessing(int status) {
    return mayFollowProcessing(status);
  }

  /**
   * The default rule of {@link #answerMayFollowProcessing}, for code that reads an exception after
   * the fact (the pacer) rather than an answer: every 5xx but 503.
   *
   * @param status the HTTP status, not 2xx
   * @return whether the server may have processed the request
   */
  static boolean mayFollowProcessing(int status) {
    return status >= 500 && status != 503;
  }

  /** A wait that the body asks for, used when the headers give none. */
  default Optional<Duration> retryAfterHint(RawResponse response) {
    return Optional.empty();
  }
}
