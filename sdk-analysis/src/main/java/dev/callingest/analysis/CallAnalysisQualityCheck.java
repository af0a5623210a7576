package dev.callingest.analysis;

import java.math.BigDecimal;
import java.util.Optional;
import org.immutables.value.Value;

/** The assessment of one quality parameter of a call, such as {@code "Setting Context"}. */
@Value.Immutable
public abstract class CallAnalysisQualityCheck {
  CallAnalysisQualityCheck() {}

  /**
   * Why this score was given ({@code justification}).
   *
   * @return the justification, absent when the API sent none
   */
  public abstract Optional<String> justification();

  /**
   * Coaching advice for the agent ({@code suggestion}).
   *
   * @return the suggestion, absent when the API sent none
   */
  public abstract Optional<String> suggestion();

  /**
   * The parameter assessed ({@code parameter_name}).
   *
   * @return the name, absent when the API sent none
   */
  public abstract Optional<String> parameterName();

  /**
   * The score the call earned on this parameter ({@code inference_score}), usually 0 to 10.
   *
   * @return the score, absent when the API sent none
   */
  public abstract Optional<BigDecimal> inferenceScore();

  /**
   * The most this parameter can score ({@code parameter_score}).
   *
   * @return the maximum score, absent when the API sent none
   */
  public abstract Optional<BigDecimal> parameterScore();

  /**
   * Whether a failure on this parameter is critical whatever the overall score ({@code is_fatal}).
   *
   * @return the flag, absent when the API sent none
   */
  public abstract Optional<Boolean> fatal();

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding this value's attributes, to make a changed copy} */
  public Builder newBuilder() {
    return builder().from(this);
  }

  /** Builds a {@link CallAnalysisQualityCheck}. */
  public static final class Builder extends ImmutableCallAnalysisQualityCheck.Builder {
    Builder() {}
  }
}
