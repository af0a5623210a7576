package dev.callingest.analysis;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * The BANT block of a call analysis: the customer's needs, objections and how they were handled.
 */
@Value.Immutable
public abstract class CallAnalysisBant {
  CallAnalysisBant() {}

  /**
   * The customer's needs ({@code needs}), often as a dash list in one string.
   *
   * @return the needs, absent when the API sent none
   */
  public abstract Optional<String> needs();

  /**
   * Objections the customer raised ({@code objection}).
   *
   * @return the objections, absent when the API sent none
   */
  public abstract Optional<String> objection();

  /**
   * Categories of the concerns ({@code concern_categories}), such as {@code "Functionality"}.
   *
   * @return the categories as one string, absent when the API sent none
   */
  public abstract Optional<String> concernCategories();

  /**
   * How the salesperson handled the objections ({@code objection_handling}).
   *
   * @return the description, absent when the API sent none
   */
  public abstract Optional<String> objectionHandling();

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

  /** Builds a {@link CallAnalysisBant}. */
  public static final class Builder extends ImmutableCallAnalysisBant.Builder {
    Builder() {}
  }
}
