package dev.callingest;

import org.jspecify.annotations.Nullable;

/**
 * No usable response arrived to the last permitted attempt: the connection failed, was dropped or
 * timed out, or the overall deadline ran out.
 *
 * <p>{@link #isTimeout()} tells a timeout from other network failures. When this exact class is
 * thrown, the last attempt did not reach the server (it could not connect, or the request was not
 * fully sent); {@link RequestInDoubtException}, a subclass, is thrown when it may have. Either way,
 * {@link #possiblyProcessed()} also counts the earlier attempts.
 */
public sealed class ConnectionException extends CallingestException
    permits RequestInDoubtException {
  private static final long serialVersionUID = 1L;

  /** Whether the last failure was a timeout. */
  private final boolean timeout;

  /**
   * Creates the exception for a request of which no attempt was processed.
   *
   * @param message what went wrong
   * @param attempts how many HTTP attempts were made
   * @param timeout whether the last failure was a timeout
   * @param cause the last network failure, or {@code null}
   */
  public ConnectionException(
      String message, int attempts, boolean timeout, @Nullable Throwable cause) {
    this(message, attempts, timeout, false, cause);
  }

  /**
   * Creates the exception.
   *
   * @param message what went wrong
   * @param attempts how many HTTP attempts were made
   * @param timeout whether the last failure was a timeout
   * @param possiblyProcessed whether an earlier attempt may have been processed by the server
   * @param cause the last network failure, or {@code null}
   */
  public ConnectionException(
      String message,
      int attempts,
      boolean timeout,
      boolean possiblyProcessed,
      @Nullable Throwable cause) {
    super(message, null, attempts, possiblyProcessed, cause);
    this.timeout = timeout;
  }

  /** {@return true when the last attempt failed because a timeout expired} */
  public boolean isTimeout() {
    return timeout;
  }
}
