package dev.callingest.bulk;

/**
 * The cancellation of one import, as an {@link ImportTarget} sees it: whatever blocks on the
 * import's behalf (an HTTP call, a wait for pacing or processing) registers what stops it, and the
 * importer's {@link BulkImporter#cancel()} runs those actions at once. No thread is interrupted.
 */
public interface ImportCancellation {
  /** A cancellation that never happens, for running a target's methods outside an import. */
  ImportCancellation NONE =
      new ImportCancellation() {
        @Override
        public boolean isCancelled() {
          return false;
        }

        @Override
        public Registration onCancel(Runnable action) {
          return () -> {};
        }
      };

  /** {@return whether the import was cancelled} */
  boolean isCancelled();

  /**
   * Registers {@code action} to run once when the import is cancelled, on the cancelling thread;
   * runs it at once, on this thread, if the import already was. Keep it short and non-blocking,
   * such as {@code call::cancel}.
   *
   * @param action what stops the current step
   * @return closing it removes the action once the step is over
   */
  Registration onCancel(Runnable action);

  /** A registered action; {@link #close()} removes it and does nothing once it ran. */
  @FunctionalInterface
  interface Registration extends AutoCloseable {
    /** Removes the action. */
    @Override
    void close();
  }
}
