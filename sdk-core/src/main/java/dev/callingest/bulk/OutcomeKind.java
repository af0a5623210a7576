package dev.callingest.bulk;

/** How one call of an import ended. Each call gets exactly one. */
public enum OutcomeKind {
  /** The API accepted the call (for the Upload API, in the batch named by the outcome). */
  ACCEPTED,
  /** The call broke a documented rule and was not sent. */
  REJECTED,
  /** The API refused the call, or retries ran out; a rerun with the journal sends it again. */
  FAILED,
  /** The Upload API processed the call successfully (only when the importer waits for batches). */
  COMPLETED,
  /** The Upload API accepted but could not process the call (only when the importer waits). */
  PROCESSING_FAILED,
  /** The journal of an earlier run records the call as accepted; it was not sent again. */
  SKIPPED,
  /** The import was cancelled before the call was sent. */
  CANCELLED
}
