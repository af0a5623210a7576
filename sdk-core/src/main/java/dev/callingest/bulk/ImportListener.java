package dev.callingest.bulk;

/**
 * Hears each call's outcome as it happens and periodic progress. Calls are made one at a time
 * (never concurrently), in the order the outcomes were settled, from the importer's threads and
 * outside its locks: a slow listener holds up no submission (outcomes settled meanwhile wait their
 * turn in a queue), and it may call {@link BulkImporter#cancel()}. A {@code RuntimeException}
 * thrown here is logged and ignored: it never loses an outcome. An {@code Error} stops the import,
 * which settles every call read and then rethrows it from {@code run}.
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
   * A batch is about to be sent, on the thread that will send it (and its resends) and then call
   * {@link #batchEnded}. Made for tracing: a span per batch, around its client requests.
   *
   * @param batch the batch
   */
  default void batchStarted(ImportBatch batch) {}

  /**
   * A batch is done: each of its calls has its outcome (told through {@link #onOutcome} first).
   * Called exactly once after each {@link #batchStarted}, on the same thread.
   *
   * @param batch the batch, as given to {@link #batchStarted}
   */
  default void batchEnded(ImportBatch batch) {}

  /**
   * Periodic progress, at most once per progress interval.
   *
   * @param progress the snapshot
   */
  default void onProgress(ImportProgress progress) {}
}
