package dev.callingest.bulk;

import dev.callingest.CallingestException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An import journal could not be opened, read or written. When it is thrown by {@link
 * BulkImporter#run}, every call read before the failure already has its outcome: a call whose
 * submission could not be journaled was not sent and ended {@link OutcomeKind#FAILED}, and the
 * importer read no further call; {@link #report()} then holds the run's report.
 */
public class ImportJournalException extends CallingestException {
  private static final long serialVersionUID = 1L;

  private transient volatile @Nullable ImportReport report;

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

  /**
   * {@return the report of the import this failure stopped, when {@link BulkImporter#run} threw it
   * after every call read had its outcome; empty when the journal could not be opened, or when a
   * journal implementation throws it}
   */
  public Optional<ImportReport> report() {
    return Optional.ofNullable(report);
  }

  /** Attaches the report of the run that throws this exception. */
  void report(ImportReport report) {
    this.report = report;
  }
}
