package dev.callingest.callback;

/**
 * A {@link DeliveryStore} could not reach or use its storage. The receiver lets it propagate:
 * answer the request with 5xx so that the sender retries.
 */
public final class DeliveryStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what the store was doing; never an id's or a credential's value
   * @param cause the underlying error
   */
  public DeliveryStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
