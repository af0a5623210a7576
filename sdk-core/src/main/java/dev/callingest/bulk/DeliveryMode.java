package dev.callingest.bulk;

/**
 * What the importer does with a call after an attempt that may have reached the server, for an API
 * that does not de-duplicate by id (the Upload API). For an API that does (the Partner API) sending
 * again is always harmless and the importer always does it; the mode changes nothing there.
 */
public enum DeliveryMode {
  /**
   * Send again until the call is accepted or the retry budget runs out, and flag every call so
   * resent {@link CallOutcome#possibleDuplicate()}: no call is lost quietly, and a duplicate on the
   * server always has its flag. The default: duplicates carry the same external id, so whatever
   * reads the analysis can fold them, while a call left in doubt can only be settled by sending it
   * again anyway (the API offers no lookup by external id).
   */
  AT_LEAST_ONCE,
  /**
   * Never send again after an attempt that may have been processed: such calls end {@link
   * OutcomeKind#IN_DOUBT}, and a rerun with the journal leaves them {@code IN_DOUBT} without
   * sending. Attempts that certainly were not processed (429, 503, a connection that could not be
   * opened) are still retried. No call is ever on the server twice.
   */
  AT_MOST_ONCE
}
