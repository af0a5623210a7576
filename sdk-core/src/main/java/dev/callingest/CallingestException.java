package dev.callingest;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * The root of every exception the SDK throws. It is unchecked: catch it, or one of its subclasses,
 * where you can act on it.
 *
 * <ul>
 *   <li>{@link ValidationException}: the request broke a documented rule; nothing was sent.
 *   <li>{@link ApiException} and its subclasses: the server answered with an error.
 *   <li>{@link RateLimitedException}: the server, or the client's own pacing, refused for now.
 *   <li>{@link ConnectionException}: no usable answer arrived after every permitted attempt.
 * </ul>
 *
 * <h2>Was it processed?</h2>
 *
 * One logical request may take several HTTP attempts. {@link #possiblyProcessed()} answers for all
 * of them together: {@code true} when at least one attempt of a request that changes state (a batch
 * submission) may have been processed by the server, {@code false} when the SDK knows that none
 * was. A later definite answer never clears an earlier doubt: a submission whose first attempt was
 * dropped after it was sent and whose later attempts were answered 429 ends in a {@link
 * RateLimitedException} with {@code possiblyProcessed() == true}. An attempt may have been
 * processed when:
 *
 * <ul>
 *   <li>the request was fully sent and then the connection dropped or timed out with no answer;
 *   <li>the server answered a 5xx other than 503 (both APIs: nothing documents whether a failure
 *       answered 500 happened before or after the batch was stored);
 *   <li>the server answered 2xx with a body that could not be read.
 * </ul>
 *
 * An attempt that could not connect, was not fully sent, or was answered 4xx or 503 was not
 * processed. Reads ({@code GET}) change nothing, so their exceptions always answer {@code false}.
 *
 * <p>The failures of earlier attempts are kept as {@linkplain #getSuppressed() suppressed
 * exceptions}, oldest first: the network exception, or for an HTTP answer the exception that answer
 * alone would have produced (each with its own {@code possiblyProcessed()}).
 *
 * <p>No message of this hierarchy ever contains a credential.
 *
 * <h2>Building one</h2>
 *
 * Every exception of the SDK has public constructors, so that a test of your error handling can
 * build exactly what the SDK would throw: an {@link ErrorResponse} from its builder, then, for
 * example, {@code new ServerException(message, response, 3, true, null)} for a submission whose
 * outcome is unknown after three attempts. The hierarchy is open at this root (your own code may
 * extend it) and closed below it: {@link ApiException} and {@link ConnectionException} are sealed
 * and their subclasses final, as the SDK alone decides which status maps to which type.
 */
public class CallingestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The error response, or null; not serialized. */
  private final transient @Nullable ErrorResponse response;

  /** How many HTTP attempts were made. */
  private final int attempts;

  /** Whether any attempt may have been processed. */
  private final boolean possiblyProcessed;

  /**
   * Creates an exception that did not come from an HTTP response, for a request of which nothing
   * was processed.
   *
   * @param message what went wrong, without any secret
   * @param cause the underlying failure, or {@code null}
   */
  public CallingestException(String message, @Nullable Throwable cause) {
    this(message, null, 0, false, cause);
  }

  /**
   * Creates an exception.
   *
   * @param message what went wrong, without any secret
   * @param response the error response, or {@code null} when the failure did not come from one
   * @param attempts how many HTTP attempts were made, 0 when none was
   * @param possiblyProcessed whether an attempt may have been processed by the server (see above)
   * @param cause the underlying failure, or {@code null}
   * @throws IllegalArgumentException if {@code attempts} is negative
   */
  public CallingestException(
      String message,
      @Nullable ErrorResponse response,
      int attempts,
      boolean possiblyProcessed,
      @Nullable Throwable cause) {
    super(Objects.requireNonNull(message, "message == null"), cause);
    if (attempts < 0) throw new IllegalArgumentException("attempts < 0: " + attempts);
    this.response = response;
    this.attempts = attempts;
    this.possiblyProcessed = possiblyProcessed;
  }

  /**
   * {@return the error response that caused this exception, when the failure came from the server}
   */
  public Optional<ErrorResponse> response() {
    return Optional.ofNullable(response);
  }

  /** {@return the HTTP status of the error response, when there was one} */
  public OptionalInt statusCode() {
    return response == null ? OptionalInt.empty() : OptionalInt.of(response.statusCode());
  }

  /**
   * {@return the request id the server sent back, useful when contacting the API provider's
   * support}
   */
  public Optional<String> requestId() {
    return response == null ? Optional.empty() : response.requestId();
  }

  /** {@return how many HTTP attempts were made before giving up; 0 when nothing was sent} */
  public int attempts() {
    return attempts;
  }

  /**
   * {@return true when at least one attempt of this request may have been processed by the server,
   * as defined above; false when none was, or when the request changes nothing (a read)}
   */
  public boolean possiblyProcessed() {
    return possiblyProcessed;
  }
}
