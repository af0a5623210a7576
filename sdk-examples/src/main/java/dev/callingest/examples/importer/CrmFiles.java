package dev.callingest.examples.importer;

import dev.callingest.examples.importer.RowMapping.BadRowException;
import dev.callingest.partner.IngestItem;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * The CRM export reader of {@link CrmImport} for other samples: a CSV or JSONL file read lazily as
 * Partner API items, with the same columns and the same bad-row rule (reported, skipped, not sent).
 */
public final class CrmFiles {
  private CrmFiles() {}

  /** Hears a row that cannot become a call. */
  @FunctionalInterface
  public interface BadRows {
    /**
     * One bad row.
     *
     * @param line the line the row starts on
     * @param reason why it was skipped
     */
    void badRow(long line, String reason);
  }

  /** Partner items read lazily from a file; close it when done. */
  public interface Items extends Iterator<IngestItem>, Closeable {}

  /**
   * Opens a CRM export as Partner API items.
   *
   * @param file a {@code .csv}, {@code .jsonl} or {@code .ndjson} file with the columns of {@link
   *     CrmImport}
   * @param callbackUrl the {@code callback_url} of every item
   * @param badRows hears each row that is skipped
   * @return the items; close them
   * @throws IOException when the file cannot be opened or its CSV header read
   */
  public static Items partnerItems(Path file, String callbackUrl, BadRows badRows)
      throws IOException {
    BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    RowReader rows;
    try {
      rows =
          name.endsWith(".jsonl") || name.endsWith(".ndjson") ? new JsonlRows(in) : new CsvRows(in);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
    return new Items() {
      private IngestItem next;

      @Override
      public boolean hasNext() {
        while (next == null && rows.hasNext()) {
          Row row = rows.next();
          if (row.unreadable() != null) {
            badRows.badRow(row.line(), row.unreadable());
            continue;
          }
          try {
            next = RowMapping.toIngestItem(row, callbackUrl);
          } catch (BadRowException e) {
            badRows.badRow(row.line(), e.getMessage());
          }
        }
        return next != null;
      }

      @Override
      public IngestItem next() {
        if (!hasNext()) throw new NoSuchElementException();
        IngestItem item = next;
        next = null;
        return item;
      }

      @Override
      public void close() throws IOException {
        rows.close();
      }
    };
  }
}
