package dev.callingest.bulk;

import dev.callingest.CallingestException;
import org.jspecify.annotations.Nullable;

/**
 * An import journal could not be opened, read or written. When it is thrown by {@link
 * BulkImporter#run}, every call read before the failure already has its outcome: a call whose
 * submission could not be journaled was not sent and ended {@link OutcomeKind#FAILED}, and the
 * importer read no further call.
 *
 * <p>Sealed, as {@code ApiException} is: the SDK alone decides which journal failure becomes which
 * type. It is still concrete; an {@link ImportJournal} implementation throws it directly.
 */
public sealed class ImportJournalException extends CallingestException
    permits ImportLeaseException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception; {@link ImportJournal} implementations throw it.
   *
   * @param message what could not be done, naming the journal but never a credential (no JDBC URL
   *     with a password in it)
   * @param cause the underlying failure, or {@code null}
   */
  public ImportJournalException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
