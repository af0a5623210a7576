package dev.callingest.bulk;

import dev.callingest.internal.UrlRedaction;
import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The append-only journal of an import: a header, then one line per event, each flushed when
 * written.
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
 * Fields are tab-separated; tabs, newlines and backslashes in values are escaped. A last line
 * without its newline is a torn write from a crash: it is ignored and cut off before appending; any
 * other unreadable line is an error. Reading streams the file line by line: memory holds one line
 * and the {@link IdStates} table, never the file. One process at a time: nothing stops two
 * processes from appending to the same file (see {@link JdbcImportJournal} for an import shared by
 * replicas).
 */
final class Journal implements ImportJournal {
  static final String HEADER = "# callingest-journal v1";

  private final Path path;

  Journal(Path path) {
    this.path = path;
  }

  /** Reads what an earlier run recorded, then opens the file for appending. */
  @Override
  public Session open(Consumer<? super JournalEvent> replay) {
    try {
      boolean exists = Files.exists(path);
      if (exists) {
        read(path, replay);
        dropTornTail(path);
      }
      // A FileOutputStream, not a FileChannel: the thread that runs the import may be interrupted
      // (a cancel), and an interrupted thread writing to a channel would close it for every later
      // record.
      BufferedWriter writer =
          new BufferedWriter(
              new OutputStreamWriter(
                  new FileOutputStream(path.toFile(), true), StandardCharsets.UTF_8));
      FileSession session = new FileSession(writer, path);
      if (!exists || Files.size(path) == 0) session.write(HEADER);
      return session;
    } catch (IOException e) {
      throw new ImportJournalException(
          "cannot open the import journal " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "file journal " + path;
  }

  /** Loads {@code path} into {@code states}, as a resuming run does. */
  static void load(Path path, IdStates states) throws IOException {
    read(path, states::apply);
    states.openBecomesDoubt();
  }

  private static void read(Path path, Consumer<? super JournalEvent> replay) throws IOException {
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
        if (length > 0 && line[0] != '#') {
          JournalEvent event = parse(new String(line, 0, length, StandardCharsets.UTF_8));
          if (event == null) {
            throw new IOException(
                "journal " + path + " line " + number + " is not a journal record");
          }
          replay.accept(event);
        }
        length = 0;
      }
      // Bytes after the last newline were cut short by a crash: even if they parse, the id may be a
      // prefix of the real one, so they are ignored.
    }
  }

  /** The event of one line, or null when the line is not a journal record. */
  private static @Nullable JournalEvent parse(String line) {
    String[] fields = line.split("\t", -1);
    if (fields.length < 2 || fields[0].length() != 1) return null;
    String id = unescape(fields[1]);
    if (id.isEmpty()) return null;
    JournalEvent.Type type;
    try {
      type = JournalEvent.Type.fromCode(fields[0].charAt(0));
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (type.accepted()) {
      if (fields.length < 3) return null;
      boolean twice = fields.length > 3 && fields[3].equals("twice");
      String why = fields.length > 4 ? value(fields[4]) : null;
      return JournalEvent.of(type, id, value(fields[2]), twice, why);
    }
    return JournalEvent.of(type, id, null, false, fields.length > 2 ? value(fields[2]) : null);
  }

  private static @Nullable String value(String field) {
    return field.equals("-") ? null : unescape(field);
  }

  /** The line of one event, in the format above. */
  static String line(JournalEvent event) {
    StringBuilder line =
        new StringBuilder().append(event.type().code()).append('\t').append(escape(event.callId()));
    switch (event.type()) {
      case SUBMITTING -> {}
      case ACCEPTED, COMPLETED ->
          field(
              field(line, event.batchId().orElse(null)),
              event.possibleDuplicate() ? "twice" : "once");
      case PROCESSING_FAILED ->
          field(
              field(
                  field(line, event.batchId().orElse(null)),
                  event.possibleDuplicate() ? "twice" : "once"),
              event.reason().orElse(null));
      default -> field(line, event.reason().orElse(null));
    }
    return line.toString();
  }

  private static StringBuilder field(StringBuilder line, @Nullable String value) {
    return line.append('\t').append(escape(value == null ? "-" : UrlRedaction.redactUrls(value)));
  }

  /** The open file: each append is written and flushed before it returns. */
  private static final class FileSession implements Session {
    private final BufferedWriter writer;
    private final Path path;

    FileSession(BufferedWriter writer, Path path) {
      this.writer = writer;
      this.path = path;
    }

    @Override
    public synchronized void append(List<JournalEvent> events) {
      StringBuilder lines = new StringBuilder();
      for (JournalEvent event : events) lines.append(line(event)).append('\n');
      try {
        writer.write(lines.toString());
        writer.flush();
      } catch (IOException e) {
        throw new ImportJournalException("cannot write the import journal " + path, e);
      }
    }

    synchronized void write(String line) throws IOException {
      writer.write(line);
      writer.write('\n');
      writer.flush();
    }

    @Override
    public synchronized void close() {
      try {
        writer.close();
      } catch (IOException e) {
        throw new ImportJournalException("cannot close the import journal " + path, e);
      }
    }
  }

  /**
   * Cuts a last line that lacks its newline, so that appended records start on a line of their own.
   */
  private static void dropTornTail(Path path) throws IOException {
    try (FileChannel channel =
        FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
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
    if (value.indexOf('\\') < 0
        && value.indexOf('\t') < 0
        && value.indexOf('\n') < 0
        && value.indexOf('\r') < 0) {
      return value;
    }
    return value
        .replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r");
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
