package dev.callingest;

/**
 * No usable response arrived: the connection failed, was dropped or timed out on every permitted
 * attempt, or the overall deadline ran out.
 *
 * <p>{@link #isTimeout()} tells a timeout from other network failures. Whether the server may have
 * received the request is told by {@link RequestInDoubtException}, a subclass.
 */
public class ConnectionException extends CallingestException {
  private static final long serialVersionUID = 1L;

  /** Whether the last failure was a timeout. */
  private final boolean timeout;

  /**
   * Creates the exception.
   *
   * @param message what went wrong
   * @param attempts how many HTTP attempts were made
   * @param timeout whether the last failure was a timeout
   * @param cause the last network failure
   */
  public ConnectionException(String message, int attempts, boolean timeout, Throwable cause) {
    super(message, null, attempts, cause);
    this.timeout = timeout;
  }

  /** {@return true when the last attempt failed because a timeout expired} */
  public boolean isTimeout() {
    return timeout;
  }
}
