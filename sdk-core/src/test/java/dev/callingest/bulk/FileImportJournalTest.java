package dev.callingest.bulk;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The file journal passes the journal contract. */
class FileImportJournalTest extends ImportJournalContract {
  @TempDir Path dir;

  @Override
  ImportJournal journal() {
    return ImportJournal.file(dir.resolve("import.journal"));
  }
}
