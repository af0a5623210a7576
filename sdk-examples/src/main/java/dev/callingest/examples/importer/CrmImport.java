package dev.callingest.examples.importer;

import dev.callingest.ClientOptions;
import dev.callingest.bulk.BulkImporter;
import dev.callingest.bulk.CallOutcome;
import dev.callingest.bulk.ImportListener;
import dev.callingest.bulk.ImportProgress;
import dev.callingest.bulk.ImportReport;
import dev.callingest.bulk.OutcomeKind;
import dev.callingest.emulator.Emulator;
import dev.callingest.examples.console.ProgressBar;
import dev.callingest.examples.importer.RowMapping.BadRowException;
import dev.callingest.partner.PartnerClient;
import dev.callingest.partner.PartnerCredentials;
import dev.callingest.preflight.PreflightOptions;
import dev.callingest.upload.UploadClient;
import dev.callingest.upload.UploadCredentials;
import dev.callingest.upload.WaitOptions;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Imports calls exported from a CRM into the Upload API or the Partner API with the SDK's bulk
 * importer: a journal lets a rerun of the same command resume (calls already accepted are {@link
 * OutcomeKind#SKIPPED}), a one-line progress bar runs on stderr, and the final report goes to
 * stdout.
 *
 * <pre>
 * CrmImport [--api=upload|partner] [--journal=FILE] [--batch-size=N] [--wait] [--poll-ms=N] [--preflight]
 *           [--callback-url=URL] [--base-url=URL] [--emulator] FILE.csv|FILE.jsonl
 * </pre>
 *
 * <p><b>Input.</b> A CSV file with a header row naming the columns (in any order; unknown columns
 * are ignored; fields in double quotes may hold commas, line breaks and doubled quotes), or a JSONL
 * file ({@code .jsonl} or {@code .ndjson}) with one object per line using the same names as keys:
 *
 * <table>
 *   <caption>Columns</caption>
 *   <tr><th>column</th><th>Upload API</th><th>Partner API</th></tr>
 *   <tr><td>call_id</td><td>external_id, required</td><td>call.id, required</td></tr>
 *   <tr><td>recording_url</td><td>audio_url, required</td><td>call.recording_url, required</td></tr>
 *   <tr><td>started_at</td><td>call_date, required</td><td>call.start_time (in UTC), required</td></tr>
 *   <tr><td>duration_seconds</td><td>duration</td><td>call.end_time = start + duration, required</td></tr>
 *   <tr><td>agent_email</td><td>user_email, required</td><td>agent.email</td></tr>
 *   <tr><td>agent_id</td><td>not sent</td><td>agent.id, required</td></tr>
 *   <tr><td>customer_id</td><td>not sent</td><td>customer.id, required</td></tr>
 *   <tr><td>contact_name</td><td>contact_name</td><td>customer.name</td></tr>
 *   <tr><td>contact_phone</td><td>contact_phone</td><td>call.contact_number (E.164), required</td></tr>
 *   <tr><td>contact_email</td><td>contact_email</td><td>customer.email</td></tr>
 *   <tr><td>direction</td><td>direction (inbound or outbound)</td><td>metadata.direction</td></tr>
 * </table>
 *
 * <p>{@code started_at} is ISO 8601 with an offset ({@code 2025-01-15T14:30:00Z}, {@code
 * 2025-01-15T15:30:00+01:00}); {@code duration_seconds} a whole number.
 *
 * <p><b>Bad rows and the totals.</b> A row that cannot be read or turned into a call (wrong number
 * of fields, an unparseable date, a bad number, a required column left empty) is reported on stderr
 * with its line number and reason, is not sent, and the import goes on. It is counted as a bad row,
 * apart from the importer's report: rows read = bad rows + calls, and calls = the sum of the
 * importer's outcomes. A call that parses but breaks an API rule (an invalid email, a negative
 * duration) is a call, settled {@code REJECTED} with the field's path.
 *
 * <p><b>Endpoint and credentials</b> come from flags or, better (flags show in the process list),
 * from the environment: {@code CALLINGEST_UPLOAD_BASE_URL}, {@code CALLINGEST_UPLOAD_API_KEY};
 * {@code CALLINGEST_PARTNER_BASE_URL}, {@code CALLINGEST_PARTNER_API_KEY}, {@code
 * CALLINGEST_PARTNER_API_SECRET}, {@code CALLINGEST_PARTNER_TENANT_ID}, {@code
 * CALLINGEST_PARTNER_SUB_TENANT_ID}. They are never printed. {@code --emulator} starts the local
 * emulator and uses it instead, for a try without keys.
 *
 * <p>Exit status: 0 when every row was imported (accepted, completed or skipped), 1 when some were
 * not, 2 for a usage error. Ctrl-C cancels cleanly: what was sent is journaled, and a rerun
 * resumes.
 */
public final class CrmImport {
  private CrmImport() {}

  /**
   * Runs the import and exits with its status.
   *
   * @param args the flags and the input file; {@code --help} lists them
   */
  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    ImportOptions options;
    long rows;
    try {
      options = ImportOptions.parse(args, env);
      if (options.help()) {
        out.println(ImportOptions.USAGE);
        return 0;
      }
      rows = countRows(options);
    } catch (IllegalArgumentException | IOException | UncheckedIOException e) {
      err.println("crm-import: " + e.getMessage());
      err.println(ImportOptions.USAGE);
      return 2;
    }
    Emulator emulator = options.emulator() ? startEmulator(err) : null;
    try {
      Console console = new Console(err, rows);
      ImportReport report =
          options.api().equals("upload")
              ? runUpload(options, emulator, console)
              : runPartner(options, emulator, console);
      console.finish();
      printReport(out, options, console.badRows(), report);
      boolean clean =
          console.badRows() == 0
              && report.read()
                  == report.accepted()
                      + report.count(OutcomeKind.COMPLETED)
                      + report.count(OutcomeKind.SKIPPED);
      return clean ? 0 : 1;
    } catch (IOException | UncheckedIOException e) {
      err.println("crm-import: " + e.getMessage());
      return 1;
    } finally {
      if (emulator != null) emulator.close();
    }
  }

  private static ImportReport runUpload(ImportOptions o, Emulator emulator, Console console)
      throws IOException {
    String baseUrl = emulator != null ? emulator.uploadBaseUrl() : o.uploadBaseUrl();
    String key = emulator != null ? emulator.uploadApiKey() : o.uploadApiKey();
    ClientOptions options =
        ClientOptions.builder().baseUrl(baseUrl).credentials(UploadCredentials.of(key)).build();
    try (UploadClient client = UploadClient.create(options)) {
      WaitOptions wait = WaitOptions.DEFAULT;
      Duration poll = emulator != null ? Duration.ofMillis(100) : o.pollInterval();
      if (poll != null) wait = WaitOptions.builder().interval(poll, poll).build();
      return importAll(client.importer(wait), o, console, RowMapping::toUploadCall);
    }
  }

  private static ImportReport runPartner(ImportOptions o, Emulator emulator, Console console)
      throws IOException {
    String baseUrl = emulator != null ? emulator.partnerBaseUrl() : o.partnerBaseUrl();
    List<String> c = emulator != null ? emulator.partnerCredentials() : o.partnerCredentials();
    ClientOptions options =
        ClientOptions.builder()
            .baseUrl(baseUrl)
            .credentials(PartnerCredentials.of(c.get(0), c.get(1), c.get(2), c.get(3)))
            .build();
    try (PartnerClient client =
        PartnerClient.builder()
            .options(options)
            .allowLoopbackHttpCallbacks(emulator != null)
            .build()) {
      return importAll(
          client.importer(), o, console, row -> RowMapping.toIngestItem(row, o.callbackUrl()));
    }
  }

  /** Maps a row to one API's call. */
  private interface Mapper<C> {
    C map(Row row) throws BadRowException;
  }

  private static <C> ImportReport importAll(
      BulkImporter.Builder<C> builder, ImportOptions o, Console console, Mapper<C> mapper)
      throws IOException {
    builder
        .batchSize(o.batchSize())
        .journal(o.journal())
        .waitForProcessing(o.waitForProcessing())
        .progressInterval(Duration.ofMillis(250))
        .expectedTotal(console.rows)
        .listener(console);
    if (o.preflight()) builder.preflight(PreflightOptions.DEFAULT);
    BulkImporter<C> importer = builder.build();
    CountDownLatch done = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              importer.cancel();
              try {
                done.await(
                    30, TimeUnit.SECONDS); // let the batches in flight settle and reach the journal
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    Runtime.getRuntime().addShutdownHook(hook);
    try (RowSource source = RowSource.open(o.input())) {
      return importer.run(new MappedCalls<>(source.rows(), mapper, console));
    } finally {
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running: it cancelled this import.
      }
    }
  }

  /** The calls of the input, lazily: bad rows are reported to the console and skipped. */
  private static final class MappedCalls<C> implements Iterator<C> {
    private final Iterator<Row> rows;
    private final Mapper<C> mapper;
    private final Console console;
    private C next;

    MappedCalls(Iterator<Row> rows, Mapper<C> mapper, Console console) {
      this.rows = rows;
      this.mapper = mapper;
      this.console = console;
    }

    @Override
    public boolean hasNext() {
      while (next == null && rows.hasNext()) {
        Row row = rows.next();
        if (row.unreadable() != null) {
          console.badRow(row.line(), row.unreadable());
          continue;
        }
        try {
          next = mapper.map(row);
        } catch (BadRowException e) {
          console.badRow(row.line(), e.getMessage());
        }
      }
      return next != null;
    }

    @Override
    public C next() {
      if (!hasNext()) throw new NoSuchElementException();
      C call = next;
      next = null;
      return call;
    }
  }

  /** Reads the input once to count its rows (for the progress bar) and check its header. */
  private static long countRows(ImportOptions o) throws IOException {
    try (RowSource source = RowSource.open(o.input())) {
      source.requireColumns(
          o.api().equals("upload") ? RowMapping.UPLOAD_REQUIRED : RowMapping.PARTNER_REQUIRED);
      long count = 0;
      for (Iterator<Row> rows = source.rows(); rows.hasNext(); rows.next()) count++;
      return count;
    }
  }

  private static Emulator startEmulator(PrintStream err) {
    Emulator emulator =
        Emulator.builder()
            .allStages(Duration.ofMillis(20))
            .callbackDelay(Duration.ofMillis(20))
            .build()
            .start();
    err.println("Started the local emulator on " + emulator.uploadBaseUrl() + " (no keys needed)");
    return emulator;
  }

  private static void printReport(PrintStream out, ImportOptions o, long badRows, ImportReport r) {
    out.printf(
        Locale.ROOT,
        "Imported %s into the %s API in %.1f s%s%n",
        o.input(),
        o.api().equals("upload") ? "Upload" : "Partner",
        r.elapsed().toMillis() / 1000.0,
        r.cancelled() ? " (cancelled: rerun to resume)" : "");
    out.printf(Locale.ROOT, "  %-20s %6d  = bad rows + calls%n", "rows read", badRows + r.read());
    out.printf(Locale.ROOT, "  %-20s %6d  not sent (line numbers above)%n", "bad rows", badRows);
    out.printf(Locale.ROOT, "  %-20s %6d  = the outcomes below%n", "calls", r.read());
    for (OutcomeKind kind : OutcomeKind.values()) {
      out.printf(
          Locale.ROOT,
          "    %-18s %6d%n",
          kind.name().toLowerCase(Locale.ROOT).replace('_', ' '),
          r.count(kind));
    }
    if (o.preflight()) {
      out.printf(
          Locale.ROOT,
          "  %-20s %6d  refused by the recording preflight (among rejected)%n",
          "preflight refused",
          r.preflightRefused());
    }
    if (r.possibleDuplicates() > 0) {
      out.printf(
          Locale.ROOT,
          "  %-20s %6d  on the server, possibly twice (sent again after an attempt in doubt)%n",
          "possible duplicates",
          r.possibleDuplicates());
    }
    out.printf(
        Locale.ROOT, "  %-20s %s (run the same command again to resume)%n", "journal", o.journal());
  }

  /** The input file as rows, CSV or JSONL by its extension. */
  private static final class RowSource implements Closeable {
    private final Closeable reader;
    private final Iterator<Row> rows;
    private final List<String> header;

    private RowSource(Closeable reader, Iterator<Row> rows, List<String> header) {
      this.reader = reader;
      this.rows = rows;
      this.header = header;
    }

    static RowSource open(Path input) throws IOException {
      BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8);
      String name = input.getFileName().toString().toLowerCase(Locale.ROOT);
      if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
        JsonlRows rows = new JsonlRows(in);
        return new RowSource(rows, rows, null);
      }
      try {
        CsvRows rows = new CsvRows(in);
        return new RowSource(rows, rows, rows.header());
      } catch (IllegalArgumentException | IOException e) {
        in.close();
        throw e;
      }
    }

    Iterator<Row> rows() {
      return rows;
    }

    void requireColumns(List<String> required) {
      if (header == null) return; // JSONL: each line is checked on its own
      for (String column : required) {
        if (!header.contains(column)) {
          throw new IllegalArgumentException(
              "the CSV header has no column " + column + ", which this API requires");
        }
      }
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }

  /** The stderr side: the progress bar, bad rows and calls that did not make it. */
  static final class Console implements ImportListener {
    static final int WIDTH = 24;
    private final ProgressBar bar;
    private final long rows;
    private long badRows;
    private ImportProgress last;

    Console(PrintStream err, long rows) {
      this(ProgressBar.create(err, WIDTH, ""), rows);
    }

    Console(ProgressBar bar, long rows) {
      this.bar = bar;
      this.rows = rows;
    }

    synchronized long badRows() {
      return badRows;
    }

    synchronized void badRow(long line, String reason) {
      badRows++;
      bar.println("line " + line + ": " + reason);
      if (last != null) draw();
    }

    @Override
    public synchronized void onOutcome(CallOutcome outcome) {
      switch (outcome.kind()) {
        case ACCEPTED:
        case COMPLETED:
        case SKIPPED:
          return;
        default:
          StringBuilder line =
              new StringBuilder(outcome.callId())
                  .append(": ")
                  .append(outcome.kind().name().toLowerCase(Locale.ROOT).replace('_', ' '));
          if (outcome.violations().isEmpty())
            outcome.reason().ifPresent(reason -> line.append(": ").append(reason));
          outcome
              .violations()
              .forEach(
                  v ->
                      line.append(System.lineSeparator())
                          .append("    ")
                          .append(v.path())
                          .append(' ')
                          .append(v.rule()));
          bar.println(line.toString());
      }
    }

    @Override
    public synchronized void onProgress(ImportProgress progress) {
      last = progress;
      draw();
    }

    synchronized void finish() {
      if (last != null) {
        draw();
        bar.finish();
      }
    }

    private void draw() {
      long done = Math.min(rows, last.settled() + badRows);
      bar.update(
          done,
          rows,
          String.format(
              Locale.ROOT,
              " %3d%% %d/%d rows  %d accepted  %d rejected  %d failed  %d in doubt  %d bad  %.1f calls/s%s",
              rows == 0 ? 100 : 100 * done / rows,
              done,
              rows,
              last.accepted(),
              last.rejected(),
              last.failed(),
              last.inDoubt(),
              badRows,
              last.callsPerSecond(),
              last.estimatedRemaining().map(d -> "  ~" + d.toSeconds() + " s left").orElse("")));
    }
  }
}
