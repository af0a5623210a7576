package dev.callingest.emulator;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Recognises the documented audio formats by their first bytes. */
final class AudioSniffer {
  /** How many leading bytes {@link #detect} looks at. */
  static final int PREFIX_BYTES = 16;

  private AudioSniffer() {}

  /** Returns MP3, WAV, M4A/MP4 or AAC, or empty when the bytes are none of these. */
  static Optional<String> detect(byte[] b, int length) {
    if (length >= 12 && ascii(b, 0, "RIFF") && ascii(b, 8, "WAVE")) {
      return Optional.of("WAV");
    }
    if (length >= 8 && ascii(b, 4, "ftyp")) {
      return Optional.of("M4A/MP4");
    }
    if (length >= 3 && ascii(b, 0, "ID3")) {
      return Optional.of("MP3");
    }
    if (length >= 2 && (b[0] & 0xFF) == 0xFF) {
      int second = b[1] & 0xFF;
      if ((second & 0xF6) == 0xF0) { // ADTS: 12-bit sync, layer bits 00
        return Optional.of("AAC");
      }
      if ((second & 0xE0) == 0xE0 && (second & 0x06) != 0) { // MPEG audio frame, layer I-III
        return Optional.of("MP3");
      }
    }
    return Optional.empty();
  }

  private static boolean ascii(byte[] b, int offset, String text) {
    byte[] expected = text.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < expected.length; i++) {
      if (b[offset + i] != expected[i]) {
        return false;
      }
    }
    return true;
  }
}
