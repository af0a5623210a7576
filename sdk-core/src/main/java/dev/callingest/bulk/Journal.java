package dev.callingest.bulk;

import dev.callingest.internal.UrlRedaction;
import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The append-only journal of an import: a header, then one line per event, each flushed when written.
 *
 * <pre>
 * # callingest-journal v1
 * P  id                     a submission of the call started: in doubt until a line below settles it
 * A  id  batchId  dup       accepted; dup is "twice" when it may have been delivered twice, else "once"
 * C  id  batchId  dup       accepted and processed
 * X  id  batchId  dup  why  accepted, processing failed
 * R  id  why                rejected before sending
 * F  id  why                not delivered: no attempt can have been processed (failed or cancelled)
 * D  id  why                in doubt: an attempt may have been processed
 * </pre>
 *
 * Fields are tab-separated; tabs, newlines and backslashes in values are escaped. A last line without
 * its newline is a torn write from a crash: it is ignored and cut off before appending; any other
 * unreadable line is an error. Reading streams the file line by line: memory holds one line and the
 * {@link IdStates} table, never the file.
 */
final class Journal implements Closeable {
  static final String HEADER = "# callingest-journal v1";

  private final BufferedWriter writer;

  private Journal(BufferedWriter writer) {
    this.writer = writer;
  }

  /** Reads what an earlier run recorded, then opens the file for appending. */
  static Journal open(Path path, IdStates states) throws IOException {
    boolean exists = Files.exists(path);
    if (exists) {
      load(path, states);
      dropTornTail(path);
    }
    // A FileOutputStream, not a FileChannel: cancel() interrupts the importer's threads, and an
    // interrupted thread writing to a channel would close it for every later record.
    BufferedWriter writer =
        new BufferedWriter(
            new OutputStreamWriter(new FileOutputStream(path.toFile(), true), StandardCharsets.UTF_8));
    Journal journal = new Journal(writer);
    if (!exists || Files.size(path) == 0) journal.write(HEADER);
    return journal;
  }

  static void load(Path path, IdStates states) throws IOException {
    try (InputStream in = new BufferedInputStream(new FileInputStream(path.toFile()), 1 << 16)) {
      byte[] line = new byte[256];
      int length = 0;
      long number = 0;
      for (int b = in.read(); b != -1; b = in.read()) {
        if (b != '\n') {
          if (length == line.length) line = Arrays.copyOf(line, length * 2);
          line[length++] = (byte) b;
          continue;
        }
        number++;
        if (length > 0 && line[length - 1] == '\r') length--;
        if (length > 0 && line[0] != '#' && !apply(new String(line, 0, length, StandardCharsets.UTF_8), states)) {
          throw new IOException("journal " + path + " line " + number + " is not a journal record");
        }
        length = 0;
      }
      // Bytes after the last newline were cut short by a crash: even if they parse, the id may be a
      // prefix of the real one, so they are ignored.
    }
    states.openBecomesDoubt();
  }

  private static boolean apply(String line, IdStates states) {
    String[] fields = line.split("\t", -1);
    if (fields.length < 2 || fields[0].length() != 1) return false;
    String id = unescape(fields[1]);
    if (id.isEmpty()) return false;
    switch (fields[0].charAt(0)) {
      case 'P' -> {
        // A submission still open when another starts had no answer before its run stopped.
        int doubt = states.has(id, IdStates.OPEN) ? IdStates.DOUBT : 0;
        states.update(id, IdStates.OPEN | doubt, 0);
      }
      case 'D' -> states.update(id, IdStates.DOUBT, IdStates.OPEN);
      case 'A', 'C', 'X' -> {
        if (fields.length < 3) return false;
        boolean twice = fields.length > 3 && fields[3].equals("twice");
        states.update(id, IdStates.DONE | (twice ? IdStates.DONE_TWICE : 0), IdStates.OPEN);
      }
      case 'F' -> states.update(id, 0, IdStates.OPEN);
      case 'R' -> states.update(id, 0, 0);
      default -> {
        return false;
      }
    }
    return true;
  }

  synchronized void record(char type, String id, @Nullable String... values) {
    StringBuilder line = new StringBuilder().append(type).append('\t').append(escape(id));
    for (String value : values) {
      line.append('\t').append(escape(value == null ? "-" : UrlRedaction.redactUrls(value)));
    }
    write(line.toString());
  }

  private synchronized void write(String line) {
    try {
      writer.write(line);
      writer.write('\n');
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the import journal", e);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    writer.close();
  }

  /** Cuts a last line that lacks its newline, so that appended records start on a line of their own. */
  private static void dropTornTail(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long end = channel.size();
      ByteBuffer one = ByteBuffer.allocate(1);
      long keep = end;
      while (keep > 0) {
        one.clear();
        channel.read(one, keep - 1);
        if (one.get(0) == '\n') break;
        keep--;
      }
      if (keep < end) channel.truncate(keep);
    }
  }

  static String escape(String value) {
    if (value.indexOf('\\') < 0 && value.indexOf('\t') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
      return value;
    }
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
  }

  static String unescape(String value) {
    if (value.indexOf('\\') < 0) return value;
    StringBuilder result = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '\\' || i + 1 == value.length()) {
        result.append(c);
        continue;
      }
      char next = value.charAt(++i);
      result.append(next == 't' ? '\t' : next == 'n' ? '\n' : next == 'r' ? '\r' : next);
    }
    return result.toString();
  }
}
