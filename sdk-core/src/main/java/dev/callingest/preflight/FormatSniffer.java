package dev.callingest.preflight;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** Recognises the documented audio formats, and the usual impostors, by their first bytes. */
final class FormatSniffer {
  /** How many leading bytes are fetched and looked at. */
  static final int PREFIX_BYTES = 64;

  private FormatSniffer() {}

  /** The audio format of a file starting with {@code b}, or empty when it is none of them. */
  static Optional<RecordingFormat> detect(byte[] b) {
    if (starts(b, 0, "RIFF") && starts(b, 8, "WAVE")) return Optional.of(RecordingFormat.WAV);
    if (starts(b, 4, "ftyp") && b.length >= 12) {
      String brand = new String(b, 8, 4, StandardCharsets.US_ASCII);
      return Optional.of(
          brand.startsWith("M4A") || brand.startsWith("M4B")
              ? RecordingFormat.M4A
              : RecordingFormat.MP4);
    }
    if (starts(b, 0, "ID3")) return Optional.of(RecordingFormat.MP3);
    if (starts(b, 0, "ADIF")) return Optional.of(RecordingFormat.AAC);
    if (b.length >= 2 && (b[0] & 0xFF) == 0xFF) {
      int second = b[1] & 0xFF;
      if ((second & 0xF6) == 0xF0) return Optional.of(RecordingFormat.AAC); // ADTS: sync, layer 00
      if ((second & 0xE0) == 0xE0 && (second & 0x06) != 0) return Optional.of(RecordingFormat.MP3);
    }
    return Optional.empty();
  }

  /** Says what a file that is not audio looks like, for the reason of a refusal. */
  static String describeOther(byte[] b, String contentType) {
    String text =
        new String(b, StandardCharsets.ISO_8859_1).stripLeading().toLowerCase(Locale.ROOT);
    if (text.startsWith("\u00ef\u00bb\u00bf")) text = text.substring(3).stripLeading();
    if (text.startsWith("<!doctype html")
        || text.startsWith("<html")
        || text.startsWith("<head")
        || text.startsWith("<body")) {
      return "an HTML page";
    }
    if (text.startsWith("<?xml") || text.startsWith("<error")) return "an XML document";
    if (text.startsWith("{") || text.startsWith("[")) return "a JSON document";
    if (b.length == 0) return "an empty file";
    if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/html")) {
      return "not audio (served as text/html)";
    }
    return "not a recognised audio file";
  }

  private static boolean starts(byte[] b, int offset, String text) {
    if (b.length < offset + text.length()) return false;
    for (int i = 0; i < text.length(); i++) {
      if (b[offset + i] != (byte) text.charAt(i)) return false;
    }
    return true;
  }
}
