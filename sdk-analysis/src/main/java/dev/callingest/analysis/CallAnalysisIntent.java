package dev.callingest.analysis;

import java.util.Locale;

/**
 * The customer's intent as the analysis detected it. The API documents {@code INTERESTED} and
 * {@code NOT_INTERESTED} and says there may be others: any other value reads as {@link #UNKNOWN},
 * and {@link CallAnalysis#rawIntent()} keeps the text the API sent.
 */
public enum CallAnalysisIntent {
  /** The customer showed interest. */
  INTERESTED,
  /** The customer showed no interest. */
  NOT_INTERESTED,
  /** A value this version of the SDK does not know; read {@link CallAnalysis#rawIntent()}. */
  UNKNOWN;

  /**
   * The intent for a wire value, ignoring case and surrounding spaces.
   *
   * @param value the value the API sent, such as {@code "INTERESTED"}
   * @return the matching constant, or {@link #UNKNOWN}
   */
  public static CallAnalysisIntent fromWire(String value) {
    String normalized = value.trim().toUpperCase(Locale.ROOT);
    for (CallAnalysisIntent intent : values()) {
      if (intent != UNKNOWN && intent.name().equals(normalized)) return intent;
    }
    return UNKNOWN;
  }
}
