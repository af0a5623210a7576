package dev.callingest.bulk;

import dev.callingest.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Run in a forked JVM with a small heap by {@link JdbcJournalResumeTest}: resumes an import of N
 * calls from the JDBC journal into a target that accepts everything and keeps nothing. With
 * "retain" it only reads the journal, keeping every event, which must exhaust the same heap.
 * Arguments: JDBC URL, import name, call count, mode.
 */
public final class JdbcResumeMain {
  public static void main(String[] args) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(args[0]);
    JdbcImportJournal journal = JdbcImportJournal.of(dataSource, args[1]);
    long count = Long.parseLong(args[2]);
    if (args[3].equals("retain")) {
      List<JournalEvent> kept = new ArrayList<>();
      journal.open(kept::add).close();
      System.out.println("kept=" + kept.size());
      return;
    }
    ImportTarget<String> target =
        new ImportTarget<>() {
          @Override
          public String idOf(String call) {
            return call;
          }

          @Override
          public List<Violation> validate(String call) {
            return List.of();
          }

          @Override
          public int maxBatchSize() {
            return 100;
          }

          @Override
          public long maxBatchBytes() {
            return Long.MAX_VALUE;
          }

          @Override
          public long encodedSize(String call) {
            return 0;
          }

          @Override
          public boolean deduplicatesById() {
            return false;
          }

          @Override
          public Submitted submit(
              List<String> batch, String idempotencyKey, boolean resendInDoubt) {
            return Submitted.of(Optional.of("b"), false);
          }
        };
    ImportReport report =
        BulkImporter.builder(target)
            .batchSize(100)
            .journal(journal)
            .build()
            .run(LongStream.range(0, count).mapToObj(JdbcJournalResumeTest::id));
    System.out.println(
        "skipped="
            + report.count(OutcomeKind.SKIPPED)
            + " accepted="
            + report.accepted()
            + " flagged="
            + report.possibleDuplicates());
  }
}
