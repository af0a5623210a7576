package dev.callingest.bulk;

/**
 * How one call of an import ended. Each call gets exactly one, and it tells the truth about what
 * the server holds: {@link #ACCEPTED}, {@link #COMPLETED} and {@link #PROCESSING_FAILED} mean the
 * call is on the server; {@link #FAILED}, {@link #REJECTED} and {@link #CANCELLED} mean that no
 * attempt of this import (nor, with a journal, of an earlier run) can have put it there; {@link
 * #IN_DOUBT} means it may or may not be there.
 */
public enum OutcomeKind {
  /** The API accepted the call (for the Upload API, in the batch named by the outcome). */
  ACCEPTED,
  /** The call broke a documented rule, or repeated an id read earlier, and was not sent. */
  REJECTED,
  /**
   * The call is not on the server: the API refused it, or it was never sent, and no attempt can
   * have been processed. A rerun with the journal sends it again.
   */
  FAILED,
  /**
   * Nobody knows whether the call is on the server: an attempt (in this run or, per the journal, an
   * earlier one) may have been processed, and no later answer said it was accepted. With {@link
   * DeliveryMode#AT_MOST_ONCE} such a call is never sent again; with {@link
   * DeliveryMode#AT_LEAST_ONCE} it ends here only when the retry budget ran out or the import was
   * cancelled, and a rerun with the journal sends it again, flagged {@link
   * CallOutcome#possibleDuplicate()} when accepted.
   */
  IN_DOUBT,
  /** The Upload API processed the call successfully (only when the importer waits for batches). */
  COMPLETED,
  /** The Upload API accepted but could not process the call (only when the importer waits). */
  PROCESSING_FAILED,
  /** The journal of an earlier run records the call as accepted; it was not sent again. */
  SKIPPED,
  /**
   * The import was cancelled before the call was sent, or before any attempt can have been
   * processed.
   */
  CANCELLED
}
