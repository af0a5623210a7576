package dev.callingest.emulator;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Generates small, valid WAV files (16-bit PCM mono sine tones), so samples and tests need no audio
 * files on disk.
 */
public final class WavTone {
  private static final int SAMPLE_RATE = 8000;

  private WavTone() {}

  /**
   * Returns a WAV file holding a sine tone.
   *
   * @param millis the tone's length in milliseconds, 1 to 60,000
   * @param frequencyHz the tone's frequency in hertz, 20 to 4,000 (half the 8 kHz sample rate)
   * @return the file's bytes: a RIFF/WAVE header, a {@code fmt } chunk and a {@code data} chunk
   * @throws IllegalArgumentException when an argument is out of range
   */
  public static byte[] sine(int millis, int frequencyHz) {
    if (millis < 1 || millis > 60_000) {
      throw new IllegalArgumentException("millis must be 1 to 60000: " + millis);
    }
    if (frequencyHz < 20 || frequencyHz > SAMPLE_RATE / 2) {
      throw new IllegalArgumentException("frequencyHz must be 20 to 4000: " + frequencyHz);
    }
    int samples = SAMPLE_RATE * millis / 1000;
    int dataBytes = samples * 2;
    ByteBuffer buf = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    buf.put(new byte[] {'R', 'I', 'F', 'F'})
        .putInt(36 + dataBytes)
        .put(new byte[] {'W', 'A', 'V', 'E'});
    buf.put(new byte[] {'f', 'm', 't', ' '}).putInt(16).putShort((short) 1).putShort((short) 1);
    buf.putInt(SAMPLE_RATE).putInt(SAMPLE_RATE * 2).putShort((short) 2).putShort((short) 16);
    buf.put(new byte[] {'d', 'a', 't', 'a'}).putInt(dataBytes);
    for (int i = 0; i < samples; i++) {
      double value = Math.sin(2 * Math.PI * frequencyHz * i / SAMPLE_RATE);
      buf.putShort((short) Math.round(value * 0.3 * Short.MAX_VALUE));
    }
    return buf.array();
  }

  /**
   * Returns a one-second 440 Hz tone.
   *
   * @return the WAV file's bytes (about 16 KB)
   */
  public static byte[] sample() {
    return sine(1000, 440);
  }
}
