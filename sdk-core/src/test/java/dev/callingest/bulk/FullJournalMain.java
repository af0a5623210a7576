package dev.callingest.bulk;

import dev.callingest.bulk.BulkImporterTest.Call;
import dev.callingest.bulk.BulkImporterTest.FakeTarget;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Run by {@link ImportFaultsTest} in a forked JVM whose file size limit ({@code ulimit -f}) makes
 * the journal's writes fail part way: imports N calls and prints what the caller saw, what the
 * listener heard, and how many handles on the journal are still open.
 */
public final class FullJournalMain {
  public static void main(String[] args) throws Exception {
    Path journal = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    AtomicLong heard = new AtomicLong();
    AtomicLong read = new AtomicLong();
    ImportListener listener =
        new ImportListener() {
          @Override
          public void onOutcome(CallOutcome outcome) {
            heard.incrementAndGet();
          }
        };
    Stream<Call> calls = BulkImporterTest.calls(count).peek(call -> read.incrementAndGet());
    BulkImporter<Call> importer =
        BulkImporter.builder(new FakeTarget(100, Long.MAX_VALUE, false))
            .journal(journal)
            .listener(listener)
            .batchSize(10)
            .concurrency(2)
            .build();
    String thrown = "nothing";
    long counted = -1;
    try {
      ImportReport report = importer.run(calls);
      counted = ImportFaultsTest.sum(report);
    } catch (ImportJournalException e) {
      thrown = "ImportJournalException cause=" + e.getCause().getClass().getSimpleName();
      ImportReport report = e.report().orElseThrow();
      counted = ImportFaultsTest.sum(report);
      if (report.read() != read.get()) thrown += " (report read " + report.read() + ")";
    } catch (ImportFailedException e) {
      thrown = "ImportFailedException cause=" + e.getCause().getClass().getSimpleName();
      counted = ImportFaultsTest.sum(e.report());
      if (e.report().read() != read.get()) thrown += " (report read " + e.report().read() + ")";
    }
    System.out.println("thrown=" + thrown);
    System.out.println("read=" + read.get());
    System.out.println("outcomes heard=" + heard.get() + " counted=" + counted);
    System.out.println("journal handles open=" + ImportFaultsTest.openHandles(journal));
  }
}
