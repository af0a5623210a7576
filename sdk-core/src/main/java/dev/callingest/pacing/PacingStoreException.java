package dev.callingest.pacing;

import dev.callingest.CallingestException;
import org.jspecify.annotations.Nullable;

/**
 * The pacing store could not be read or written (the database unreachable, a lock timeout), so the
 * client could not check the account's limits. Pacing fails closed: when this is thrown before a
 * request, that request was not sent. Its message never contains a credential or a JDBC URL's
 * password.
 */
public final class PacingStoreException extends CallingestException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what could not be done, without any secret
   * @param cause the store's failure, or {@code null}
   */
  public PacingStoreException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
