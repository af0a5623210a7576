package dev.callingest.analysis;

import java.util.Optional;
import org.immutables.value.Value;

/** One qualification answer of a call analysis, under a label such as {@code "Needs"}. */
@Value.Immutable
public abstract class CallAnalysisQualification {
  CallAnalysisQualification() {}

  /**
   * The kind of qualification information ({@code label}).
   *
   * @return the label, absent when the API sent none
   */
  public abstract Optional<String> label();

  /**
   * The qualification information itself ({@code answer}).
   *
   * @return the answer, absent when the API sent none
   */
  public abstract Optional<String> answer();

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

  /** Builds a {@link CallAnalysisQualification}. */
  public static final class Builder extends ImmutableCallAnalysisQualification.Builder {
    Builder() {}
  }
}
