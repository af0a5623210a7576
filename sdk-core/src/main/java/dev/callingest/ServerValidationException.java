package dev.callingest;

import java.util.List;

/**
 * The server refused the request's content (the Upload API's {@code VALIDATION_ERROR}, the Partner
 * API's HTTP 422). The server's field-level problems are mapped to {@link Violation}s.
 */
public final class ServerValidationException extends ApiException {
  private static final long serialVersionUID = 1L;

  /** The violations; not serialized. */
  private final transient List<Violation> violations;

  /**
   * Creates the exception for a request of which nothing was processed, after one attempt.
   *
   * @param message what went wrong
   * @param response the error response
   * @param violations the field-level problems the server listed, possibly none
   */
  public ServerValidationException(
      String message, ErrorResponse response, List<Violation> violations) {
    this(message, response, 1, false, violations);
  }

  /**
   * Creates the exception.
   *
   * @param message what went wrong
   * @param response the error response
   * @param attempts how many HTTP attempts were made
   * @param possiblyProcessed whether an earlier attempt may have been processed by the server
   * @param violations the field-level problems the server listed, possibly none
   */
  public ServerValidationException(
      String message,
      ErrorResponse response,
      int attempts,
      boolean possiblyProcessed,
      List<Violation> violations) {
    super(message, response, attempts, possiblyProcessed, null);
    this.violations = List.copyOf(violations);
  }

  /** {@return the field-level problems the server listed; empty when it gave none} */
  public List<Violation> violations() {
    return violations;
  }
}
