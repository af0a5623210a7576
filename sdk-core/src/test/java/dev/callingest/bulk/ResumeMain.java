package dev.callingest.bulk;

import dev.callingest.Violation;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;

/**
 * Run in a forked JVM with a small heap by {@link JournalResumeTest}: resumes an import of N calls
 * from the journal given, into a target that accepts everything and keeps nothing.
 */
public final class ResumeMain {
  public static void main(String[] args) {
    Path journal = Path.of(args[0]);
    long count = Long.parseLong(args[1]);
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
            .run(LongStream.range(0, count).mapToObj(i -> "call-" + i));
    System.out.println(
        "skipped="
            + report.count(OutcomeKind.SKIPPED)
            + " accepted="
            + report.accepted()
            + " flagged="
            + report.possibleDuplicates());
  }
}
