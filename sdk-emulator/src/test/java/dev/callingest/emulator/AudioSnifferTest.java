package dev.callingest.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AudioSnifferTest {
  private static Optional<String> detect(byte[] bytes) {
    return AudioSniffer.detect(bytes, bytes.length);
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  @Test
  void recognisesEachDocumentedFormat() {
    assertThat(detect(WavTone.sample())).contains("WAV");
    assertThat(detect("ID3\u0004\u0000\u0000".getBytes(StandardCharsets.ISO_8859_1)))
        .contains("MP3");
    assertThat(detect(bytes(0xFF, 0xFB, 0x90, 0x64))).contains("MP3");
    assertThat(detect(bytes(0, 0, 0, 0x20, 'f', 't', 'y', 'p', 'M', '4', 'A', ' ')))
        .contains("M4A/MP4");
    assertThat(detect(bytes(0xFF, 0xF1, 0x50, 0x80))).contains("AAC");
  }

  @Test
  void refusesOtherBytes() {
    assertThat(detect("<html>not audio</html>".getBytes(StandardCharsets.US_ASCII))).isEmpty();
    assertThat(detect("OggS\u0000\u0002".getBytes(StandardCharsets.ISO_8859_1))).isEmpty();
    assertThat(detect(bytes(0xFF))).isEmpty();
    assertThat(detect(new byte[0])).isEmpty();
  }

  @Test
  void theTestResourceIsAnMp3() throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/emulator/silence.mp3")) {
      assertThat(in).isNotNull();
      assertThat(detect(in.readAllBytes())).contains("MP3");
    }
  }

  @Test
  void wavToneHasAConsistentHeader() {
    byte[] wav = WavTone.sine(250, 1000);

    assertThat(wav).hasSize(44 + 8000 / 4 * 2);
    assertThat(new String(wav, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
    assertThat(littleEndianInt(wav, 4)).isEqualTo(wav.length - 8);
    assertThat(littleEndianInt(wav, 40)).isEqualTo(wav.length - 44);
    assertThatThrownBy(() -> WavTone.sine(0, 440))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("millis must be 1 to 60000: 0");
  }

  private static int littleEndianInt(byte[] b, int offset) {
    return (b[offset] & 0xFF)
        | (b[offset + 1] & 0xFF) << 8
        | (b[offset + 2] & 0xFF) << 16
        | (b[offset + 3] & 0xFF) << 24;
  }
}
