package dev.callingest.analysis;

import java.util.Optional;
import org.immutables.value.Value;

/** One chapter of a call's summary: a segment of the conversation and what was said in it. */
@Value.Immutable
public abstract class CallAnalysisChapter {
  CallAnalysisChapter() {}

  /**
   * The chapter's title ({@code chapter_name}).
   *
   * @return the title, absent when the API sent none
   */
  public abstract Optional<String> name();

  /**
   * What was discussed in this segment ({@code chapter_summary}).
   *
   * @return the summary, absent when the API sent none
   */
  public abstract Optional<String> summary();

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

  /** Builds a {@link CallAnalysisChapter}. */
  public static final class Builder extends ImmutableCallAnalysisChapter.Builder {
    Builder() {}
  }
}
