package dev.callingest;

import org.jspecify.annotations.Nullable;

/**
 * The operation was cancelled by the caller: a bulk import's {@code cancel()}, or {@code
 * cancel(true)} on a future the SDK returned. Like every {@link CallingestException}, {@link
 * #possiblyProcessed()} says whether an attempt sent before the cancel may have been processed: an
 * HTTP call cut off after its body was sent may still have reached the server.
 */
public final class CancelledException extends CallingestException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception for an operation the caller gave up.
   *
   * @param message what was cancelled, and what was or was not sent
   * @param attempts how many HTTP attempts were made, 0 when none was
   * @param cause the failure the cancel caused (such as OkHttp's "Canceled"), or {@code null}
   */
  public CancelledException(String message, int attempts, @Nullable Throwable cause) {
    this(message, attempts, false, cause);
  }

  /**
   * Creates an exception for an operation the caller gave up.
   *
   * @param message what was cancelled, and what was or was not sent
   * @param attempts how many HTTP attempts were made, 0 when none was
   * @param possiblyProcessed whether an attempt sent before the cancel may have been processed
   * @param cause the failure the cancel caused (such as OkHttp's "Canceled"), or {@code null}
   */
  public CancelledException(
      String message, int attempts, boolean possiblyProcessed, @Nullable Throwable cause) {
    super(message, null, attempts, possiblyProcessed, cause);
  }
}
