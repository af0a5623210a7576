package dev.callingest;

/**
 * A request that changes state (a batch submission) was fully sent, and then the connection dropped
 * or timed out before the answer arrived: the server may or may not have accepted it.
 *
 * <p>It is thrown only when retries of such in-doubt requests are switched off ({@link
 * ClientOptions.Builder#retryInDoubtRequests(boolean)}). Before sending the same batch again, check
 * whether it was accepted: the Upload API does not promise to de-duplicate by external id.
 */
public final class RequestInDoubtException extends ConnectionException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened, saying that the outcome is unknown
   * @param attempts how many HTTP attempts were made
   * @param timeout whether the failure was a timeout
   * @param cause the network failure
   */
  public RequestInDoubtException(String message, int attempts, boolean timeout, Throwable cause) {
    super(message, attempts, timeout, cause);
  }
}
