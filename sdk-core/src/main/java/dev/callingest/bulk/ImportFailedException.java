package dev.callingest.bulk;

import dev.callingest.CallingestException;

/**
 * An import stopped because something failed inside it rather than in the input or at the server:
 * the journal could not be written or closed, or the importer's own handling failed. By the time it
 * is thrown every call read has its one outcome (the listener heard each), no further call was
 * read, the journal is closed, and {@link #report()} holds counts that add up to the calls read.
 * The cause is the failure; a rerun with the journal resumes truthfully from what the journal
 * holds.
 */
public final class ImportFailedException extends CallingestException {
  private static final long serialVersionUID = 1L;

  private final transient ImportReport report;

  /**
   * Creates the exception.
   *
   * @param report the report of the stopped import
   * @param cause what failed
   */
  public ImportFailedException(ImportReport report, Throwable cause) {
    super("the import stopped after a failure inside it (" + cause + "); " + report, cause);
    this.report = report;
  }

  /** {@return the report of the stopped import; its counts add up to the calls read} */
  public ImportReport report() {
    return report;
  }
}
