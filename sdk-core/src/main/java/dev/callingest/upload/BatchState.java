package dev.callingest.upload;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The state of a batch as the Upload API reports it. A value this SDK does not know reads as {@link
 * #UNKNOWN}; the models keep the raw string beside it ({@link BatchStatus#rawStatus()}).
 */
public enum BatchState {
  /** Received and queued. */
  SUBMITTED("submitted"),
  /** Calls are being processed. */
  PROCESSING("processing"),
  /** Every call was processed. Terminal. */
  COMPLETED("completed"),
  /** Some calls were processed and some failed. Terminal. */
  PARTIAL("partial"),
  /** Every call failed. Terminal. */
  FAILED("failed"),
  /** A value this version of the SDK does not know; treated as not terminal. */
  UNKNOWN(null);

  private final @Nullable String wireValue;

  BatchState(@Nullable String wireValue) {
    this.wireValue = wireValue;
  }

  /**
   * Returns the state for a value read from the API.
   *
   * @param value the raw value, such as {@code "partial"}
   * @return the matching state, or {@link #UNKNOWN}
   */
  public static BatchState fromWire(String value) {
    Objects.requireNonNull(value, "value == null");
    for (BatchState state : values()) {
      if (value.equals(state.wireValue)) return state;
    }
    return UNKNOWN;
  }

  /**
   * Whether the batch will not change any more: {@link #COMPLETED}, {@link #PARTIAL} or {@link
   * #FAILED}.
   *
   * @return true for a final state
   */
  public boolean isTerminal() {
    return this == COMPLETED || this == PARTIAL || this == FAILED;
  }
}
