package dev.callingest.analysis;

import org.jspecify.annotations.Nullable;

/**
 * A callback body could not be read as a {@link CallAnalysis}: it is not JSON, a field has a type
 * the API never sends, or {@code call_id} is missing or blank. The message names the JSON path
 * (such as {@code $.summary[1].chapter_name}) but never quotes the body.
 *
 * <p>It is unchecked but not a {@code dev.callingest.CallingestException}: this module stands alone
 * (a service that only receives callbacks has no client stack), and parsing is not an API call.
 */
public final class CallAnalysisParseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong and where, without quoting the body
   * @param cause the underlying parser failure, or {@code null}
   */
  public CallAnalysisParseException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
