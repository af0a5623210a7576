package dev.callingest.emulator;

import java.util.Locale;

/**
 * The Upload API's per-call processing stages that take time, in the order a call moves through
 * them.
 */
public enum UploadStage {
  /** Waiting to be processed. */
  PENDING,
  /** Fetching the audio file (the emulator really fetches loopback URLs here). */
  DOWNLOADING,
  /** Converting speech to text. */
  TRANSCRIBING,
  /** AI analysis in progress. */
  ANALYZING;

  /**
   * Returns the stage's name on the wire.
   *
   * @return the lower-case wire value, for example {@code transcribing}
   */
  public String wireValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
