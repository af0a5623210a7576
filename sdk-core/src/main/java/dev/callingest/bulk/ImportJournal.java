package dev.callingest.bulk;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where an import records what happened to each call, so that a later run can resume it: skip what
 * was accepted, send what was not, and flag what may have been delivered twice. Two implementations
 * ship with the SDK: a file ({@link #file(Path)}, one process) and a database table shared by
 * several processes ({@link JdbcImportJournal}, one named import with a lease).
 *
 * <p>The importer opens the journal once per run, before it reads any call; {@link #open} hands it
 * every event recorded so far, oldest first. An implementation must stream them (memory bounded by
 * one event, or a fixed-size page, never the whole journal), since a journal may hold millions of
 * events. The importer then appends through the {@link Session} and closes it at the end of the
 * run.
 *
 * <p>The importer acts on what it appends only after {@link Session#append} returns: a call is sent
 * only after its {@link JournalEvent.Type#SUBMITTING} event was appended, so an implementation must
 * make an event durable (flushed, committed) before it returns. When it cannot, it throws {@link
 * ImportJournalException}; the importer then sends nothing more, ends every call it has not sent
 * {@link OutcomeKind#FAILED}, and throws that exception from {@link BulkImporter#run} once every
 * call read has its outcome.
 */
public interface ImportJournal {
  /**
   * Opens the journal for one run and replays what earlier runs recorded.
   *
   * @param replay receives every recorded event, oldest first, before this method returns; it must
   *     not keep them
   * @return the session to append to, which the importer closes at the end of the run
   * @throws ImportJournalException when the journal cannot be read or opened, including {@link
   *     ImportLeaseException} when another process holds the import
   */
  Session open(Consumer<? super JournalEvent> replay);

  /** An open journal: one run's appends. Implementations are thread-safe. */
  interface Session extends AutoCloseable {
    /**
     * Records {@code events} in order, durably, before returning; either all of them or (as far as
     * the implementation can) none.
     *
     * @param events the events, possibly one
     * @throws ImportJournalException when they could not be recorded, or when this process may no
     *     longer write to the journal ({@link ImportLeaseException})
     */
    void append(List<JournalEvent> events);

    /**
     * Ends the run's use of the journal: closes the file, or gives up the import's lease.
     *
     * @throws ImportJournalException when that fails
     */
    @Override
    void close();
  }

  /**
   * {@return a journal in {@code file}, created when missing, in the format {@link BulkImporter}
   * documents; for one process at a time}
   *
   * @param file the journal file
   */
  static ImportJournal file(Path file) {
    return new Journal(Objects.requireNonNull(file, "file == null"));
  }
}
