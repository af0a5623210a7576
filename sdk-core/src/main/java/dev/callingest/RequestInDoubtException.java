package dev.callingest;

import org.jspecify.annotations.Nullable;

/**
 * The last attempt of a request that changes state (a batch submission) was fully sent, and then
 * the connection dropped or timed out before an answer arrived: the server may or may not have
 * accepted it. {@link #possiblyProcessed()} is always true.
 *
 * <p>It is thrown whenever the last attempt ended that way: when retries of in-doubt requests are
 * switched off ({@link ClientOptions.Builder#retryInDoubtRequests(boolean)}), and when they are on
 * but the retries or the deadline ran out. Before sending the same batch again, know that it may
 * already be on the server: the Upload API does not promise to de-duplicate by external id.
 */
public final class RequestInDoubtException extends ConnectionException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened, saying that the outcome is unknown
   * @param attempts how many HTTP attempts were made
   * @param timeout whether the failure was a timeout
   * @param cause the network failure, or {@code null}
   */
  public RequestInDoubtException(
      String message, int attempts, boolean timeout, @Nullable Throwable cause) {
    super(message, attempts, timeout, true, cause);
  }
}
