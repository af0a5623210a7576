package dev.callingest.bulk;

import dev.callingest.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

/**
 * Run in a forked JVM with a small heap by {@link BulkImporterTest}: imports N generated calls into
 * a target that keeps nothing. With "retain" the target keeps every call, which must exhaust the
 * heap.
 */
public final class BoundedMemoryMain {
  record Call(String id, String audioUrl, String email) {}

  public static void main(String[] args) {
    long count = Long.parseLong(args[0]);
    boolean retain = args.length > 1 && args[1].equals("retain");
    List<Call> kept = new ArrayList<>();
    AtomicLong submissions = new AtomicLong();
    ImportTarget<Call> target =
        new ImportTarget<>() {
          @Override
          public String idOf(Call call) {
            return call.id();
          }

          @Override
          public List<Violation> validate(Call call) {
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
          public long encodedSize(Call call) {
            return 0;
          }

          @Override
          public boolean deduplicatesById() {
            return false;
          }

          @Override
          public Submitted submit(List<Call> batch, String idempotencyKey, boolean resendInDoubt) {
            submissions.incrementAndGet();
            if (retain) {
              synchronized (kept) {
                kept.addAll(batch);
              }
            }
            return Submitted.of(Optional.of("b" + submissions.get()), false);
          }
        };
    ImportReport report =
        BulkImporter.builder(target)
            .batchSize(100)
            .concurrency(4)
            .build()
            .run(
                LongStream.range(0, count)
                    .mapToObj(
                        i ->
                            new Call(
                                "call-" + i,
                                "https://recordings.example/" + i + ".mp3",
                                "agent" + (i % 50) + "@example.com")));
    System.out.println(
        "accepted="
            + report.accepted()
            + " submissions="
            + submissions.get()
            + " kept="
            + kept.size());
  }
}
