package dev.callingest.analysis.internal;

import java.io.IOException;

/**
 * Well-formed JSON holding something other than what the reader was asked for, such as a string
 * where a boolean is expected, or a value its reader refuses. The message names the JSON path and
 * never quotes the document.
 */
public final class UnexpectedJsonException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was expected, what was found and where
   */
  public UnexpectedJsonException(String message) {
    super(message);
  }

  /**
   * Creates the exception.
   *
   * @param message what was expected, what was found and where
   * @param cause the underlying failure
   */
  public UnexpectedJsonException(String message, Throwable cause) {
    super(message, cause);
  }
}
