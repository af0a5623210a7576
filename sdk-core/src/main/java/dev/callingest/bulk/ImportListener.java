package dev.callingest.bulk;

/**
 * Hears each call's outcome as it happens and periodic progress. Calls are made one at a time (never
 * concurrently), from the importer's threads; keep them quick. An exception thrown here is logged and
 * ignored: it never loses an outcome.
 */
public interface ImportListener {
  /** A listener that ignores everything. */
  ImportListener NONE = new ImportListener() {};

  /**
   * One call has its outcome. Called exactly once per call read.
   *
   * @param outcome the outcome
   */
  default void onOutcome(CallOutcome outcome) {}

  /**
   * Periodic progress, at most once per progress interval.
   *
   * @param progress the snapshot
   */
  default void onProgress(ImportProgress progress) {}
}
