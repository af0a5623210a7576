package dev.callingest.preflight;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/** An audio format recognised from a recording's first bytes. */
public enum RecordingFormat {
  /** MPEG-1/2 audio layer III, with or without an ID3 tag. */
  MP3,
  /** RIFF WAVE. */
  WAV,
  /** An MPEG-4 file whose brand says audio ({@code M4A }, {@code M4B }). */
  M4A,
  /**
   * An MPEG-4 file of another brand ({@code isom}, {@code mp42}, ...), which may hold audio only.
   */
  MP4,
  /** AAC in an ADTS or ADIF stream. */
  AAC;

  private static final Set<RecordingFormat> UPLOAD =
      Collections.unmodifiableSet(EnumSet.of(MP3, WAV, M4A, AAC));
  private static final Set<RecordingFormat> PARTNER =
      Collections.unmodifiableSet(EnumSet.of(MP3, WAV, M4A, MP4, AAC));

  /** {@return the formats the Upload API documents: MP3, WAV, M4A and AAC} */
  public static Set<RecordingFormat> uploadApi() {
    return UPLOAD;
  }

  /** {@return the formats the Partner API documents: MP3, WAV, M4A, MP4 and AAC} */
  public static Set<RecordingFormat> partnerApi() {
    return PARTNER;
  }
}
