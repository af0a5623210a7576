package dev.callingest.analysis.internal;

import java.io.IOException;

/**
 * The bytes are not strict JSON (RFC 8259): a syntax error, a bad escape, a raw control character
 * in a string, content after the value, or nesting deeper than 255. The message names the JSON path
 * where reading stopped and never quotes the document.
 */
public final class MalformedJsonException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong and where
   */
  public MalformedJsonException(String message) {
    super(message);
  }
}
