package dev.callingest.upload;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The state of one call in a batch, or its progress stage. A value this SDK does not know reads as
 * {@link #UNKNOWN}; the models keep the raw string beside it ({@link CallStatus#rawStatus()}).
 */
public enum CallState {
  /** Waiting to be processed. */
  PENDING("pending"),
  /**
   * Being processed, stage not given. Not in the API's list of call states, but its own status
   * example uses it together with a progress stage.
   */
  PROCESSING("processing"),
  /** The audio file is being fetched. */
  DOWNLOADING("downloading"),
  /** Speech is being turned into text. */
  TRANSCRIBING("transcribing"),
  /** The transcript is being analysed. */
  ANALYZING("analyzing"),
  /** Fully processed. Terminal. */
  COMPLETED("completed"),
  /** Processing failed. Terminal. */
  FAILED("failed"),
  /** A value this version of the SDK does not know; treated as not terminal. */
  UNKNOWN(null);

  private final @Nullable String wireValue;

  CallState(@Nullable String wireValue) {
    this.wireValue = wireValue;
  }

  /**
   * Returns the state for a value read from the API.
   *
   * @param value the raw value, such as {@code "transcribing"}
   * @return the matching state, or {@link #UNKNOWN}
   */
  public static CallState fromWire(String value) {
    Objects.requireNonNull(value, "value == null");
    for (CallState state : values()) {
      if (value.equals(state.wireValue)) return state;
    }
    return UNKNOWN;
  }

  /**
   * Whether the call will not change any more: {@link #COMPLETED} or {@link #FAILED}.
   *
   * @return true for a final state
   */
  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED;
  }
}
