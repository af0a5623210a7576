package dev.callingest.examples.importer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads CSV as RFC 4180 describes it, one record at a time: a header row naming the columns, comma
 * separators, fields in double quotes may hold commas, line breaks and doubled quotes ({@code ""}).
 * CRLF and LF both end a record; blank lines are skipped; a UTF-8 byte order mark is ignored. A
 * record whose number of fields differs from the header's is unreadable, and so is one whose quote
 * is never closed.
 */
final class CsvRows extends RowReader {
  private final BufferedReader in;
  private final List<String> header;
  private long line = 1; // the line the reader is on

  CsvRows(BufferedReader in) throws IOException {
    this.in = in;
    Record first = readRecord();
    if (first == null)
      throw new IllegalArgumentException("the file is empty; a header row is required");
    if (first.error != null) throw new IllegalArgumentException("the header row: " + first.error);
    this.header = new ArrayList<>();
    for (String name : first.fields) header.add(name.replace("\uFEFF", "").trim()); // Excel's BOM
  }

  List<String> header() {
    return header;
  }

  @Override
  Row advance() {
    try {
      Record record = readRecord();
      if (record == null) return null;
      if (record.error != null) return Row.unreadable(record.line, record.error);
      if (record.fields.size() != header.size()) {
        return Row.unreadable(
            record.line,
            "has "
                + record.fields.size()
                + " fields; the header has "
                + header.size()
                + " ("
                + String.join(",", header)
                + ")");
      }
      Map<String, String> values = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        String value = record.fields.get(i).trim();
        if (!value.isEmpty()) values.put(header.get(i), value);
      }
      return Row.of(record.line, values);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class Record {
    final long line;
    final List<String> fields = new ArrayList<>();
    String error;

    Record(long line) {
      this.line = line;
    }
  }

  /** The next non-blank record, or null at the end of the input. */
  private Record readRecord() throws IOException {
    while (true) {
      Record record = new Record(line);
      StringBuilder field = new StringBuilder();
      boolean quoted = false; // inside a quoted field
      boolean any = false; // the record has a character other than its line break
      int c;
      while (true) {
        c = in.read();
        if (c == -1) {
          if (quoted) record.error = "a quoted field is never closed";
          break;
        }
        if (c == '\n') line++;
        if (quoted) {
          if (c == '"') {
            in.mark(1);
            int peek = in.read();
            if (peek == '"') {
              field.append('"');
            } else {
              quoted = false;
              if (peek != -1) in.reset();
            }
          } else {
            field.append((char) c);
          }
          continue;
        }
        if (c == '\r') continue;
        if (c == '\n') break;
        any = true;
        if (c == ',') {
          record.fields.add(field.toString());
          field.setLength(0);
        } else if (c == '"' && field.toString().isBlank()) {
          field.setLength(0);
          quoted = true;
        } else {
          field.append((char) c);
        }
      }
      if (!any && c != -1) continue; // a blank line
      if (!any && c == -1) return null;
      record.fields.add(field.toString());
      return record;
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
