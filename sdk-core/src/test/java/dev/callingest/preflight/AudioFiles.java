package dev.callingest.preflight;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Small but valid files of each documented format, built byte by byte. */
public final class AudioFiles {
  private AudioFiles() {}

  /** An MP3: an ID3v2.4 tag, then two silent MPEG-1 layer III frames (128 kbit/s, 44.1 kHz). */
  public static byte[] mp3() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0});
    out.writeBytes(mp3Frames());
    return out.toByteArray();
  }

  /** An MP3 without a tag: it starts with a frame header. */
  public static byte[] mp3Frames() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int frame = 0; frame < 2; frame++) {
      byte[] bytes = new byte[417]; // 144 * 128000 / 44100, no padding
      bytes[0] = (byte) 0xFF;
      bytes[1] = (byte) 0xFB; // MPEG-1, layer III, no CRC
      bytes[2] = (byte) 0x90; // 128 kbit/s, 44.1 kHz
      bytes[3] = (byte) 0x64; // joint stereo
      out.writeBytes(bytes);
    }
    return out.toByteArray();
  }

  /** A WAV: RIFF/WAVE with a PCM fmt chunk and 100 ms of 8 kHz mono 16-bit silence. */
  public static byte[] wav() {
    int samples = 800;
    ByteBuffer b = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.put(ascii("RIFF")).putInt(36 + samples * 2).put(ascii("WAVE"));
    b.put(ascii("fmt "))
        .putInt(16)
        .putShort((short) 1)
        .putShort((short) 1)
        .putInt(8000)
        .putInt(16000)
        .putShort((short) 2)
        .putShort((short) 16);
    b.put(ascii("data")).putInt(samples * 2);
    return b.array();
  }

  /** An M4A: an {@code ftyp} box of brand {@code M4A }, then an empty {@code mdat} box. */
  public static byte[] m4a() {
    return isoMedia("M4A ");
  }

  /** An MP4 of brand {@code isom}. */
  public static byte[] mp4() {
    return isoMedia("isom");
  }

  /** An AAC stream: two ADTS frames (MPEG-4 AAC LC, 44.1 kHz, stereo) of 16 bytes each. */
  public static byte[] aac() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int frame = 0; frame < 2; frame++) {
      int length = 16;
      byte[] bytes = new byte[length];
      bytes[0] = (byte) 0xFF;
      bytes[1] = (byte) 0xF1; // sync, MPEG-4, layer 00, no CRC
      bytes[2] = (byte) 0x50; // AAC LC, 44.1 kHz
      bytes[3] = (byte) (0x80 | (length >> 11)); // 2 channels
      bytes[4] = (byte) ((length >> 3) & 0xFF);
      bytes[5] = (byte) (((length & 7) << 5) | 0x1F);
      bytes[6] = (byte) 0xFC;
      out.writeBytes(bytes);
    }
    return out.toByteArray();
  }

  /** An HTML error page, as hosts serve with status 200 for a missing file. */
  public static byte[] html() {
    return "<!DOCTYPE html>\n<html><head><title>Not found</title></head><body>Sorry</body></html>"
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] isoMedia(String brand) {
    ByteBuffer b = ByteBuffer.allocate(24 + 8 + 16);
    b.putInt(24)
        .put(ascii("ftyp"))
        .put(ascii(brand))
        .putInt(0)
        .put(ascii(brand))
        .put(ascii("isom"));
    b.putInt(8 + 16).put(ascii("mdat")).put(new byte[16]);
    return b.array();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
