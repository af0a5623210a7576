package dev.callingest.bulk;

import dev.callingest.CallingestException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An import journal could not be opened, read or written. When it is thrown by {@link
 * BulkImporter#run}, every call read before the failure already has its outcome: a call whose
 * submission could not be journaled was not sent and ended {@link OutcomeKind#FAILED}, and the
 * importer read no further call; {@link #report()} then holds the run's report.
 *
 * <p>Sealed, as {@code ApiException} is: the SDK alone decides which journal failure becomes which
 * type. It is still concrete; an {@link ImportJournal} implementation throws it directly.
 */
public sealed class ImportJournalException extends CallingestException
    permits ImportLeaseException {
  private static final long serialVersionUID = 1L;

  private final transient @Nullable ImportReport report;

  /**
   * Creates the exception; {@link ImportJournal} implementations throw it.
   *
   * @param message what could not be done, naming the journal but never a credential (no JDBC URL
   *     with a password in it)
   * @param cause the underlying failure, or {@code null}
   */
  public ImportJournalException(String message, @Nullable Throwable cause) {
    this(message, cause, null);
  }

  /**
   * Creates the exception as {@link BulkImporter#run} throws it, with the report of the import it
   * stopped.
   *
   * @param message what could not be done, naming the journal but never a credential
   * @param cause the underlying failure, or {@code null}
   * @param report the report of the stopped import, or {@code null} when there is none
   */
  public ImportJournalException(
      String message, @Nullable Throwable cause, @Nullable ImportReport report) {
    super(message, cause);
    this.report = report;
  }

  /**
   * {@return the report of the import this failure stopped, when {@link BulkImporter#run} threw it
   * after every call read had its outcome; empty when the journal could not be opened, or when a
   * journal implementation throws it}
   */
  public Optional<ImportReport> report() {
    return Optional.ofNullable(report);
  }

  /**
   * A copy carrying {@code report}, with this exception's message, cause, stack trace and
   * suppressed exceptions: the exceptions are immutable, so the run throws a copy.
   */
  ImportJournalException withReport(ImportReport report) {
    return keepTrace(new ImportJournalException(messageText(), getCause(), report));
  }

  /** The message, never null: the constructors require one. */
  final String messageText() {
    String message = getMessage();
    return message == null ? getClass().getSimpleName() : message;
  }

  /** Gives {@code copy} this exception's stack trace and suppressed exceptions. */
  final <E extends ImportJournalException> E keepTrace(E copy) {
    copy.setStackTrace(getStackTrace());
    for (Throwable suppressed : getSuppressed()) copy.addSuppressed(suppressed);
    return copy;
  }
}
