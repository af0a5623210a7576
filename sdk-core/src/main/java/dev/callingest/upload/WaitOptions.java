package dev.callingest.upload;

import dev.callingest.internal.DurationLimits;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How {@link UploadClient#awaitCompletion(String, WaitOptions)} polls: the first poll comes after
 * {@link #initialInterval()}; each following interval is 1.5 times the last, up to {@link
 * #maxInterval()}, with random jitter that never goes below the initial interval; polling stops
 * with {@link BatchWaitTimeoutException} once {@link #timeout()} has passed. Defaults follow the
 * API's guidance: 5 s, 10 s and 30 minutes.
 */
public final class WaitOptions {
  /** The defaults: first poll after 5 s, at most 10 s apart, give up after 30 minutes. */
  public static final WaitOptions DEFAULT = builder().build();

  private final Duration initialInterval;
  private final Duration maxInterval;
  private final Duration timeout;
  private final Consumer<BatchStatus> progressListener;

  private WaitOptions(Builder builder) {
    this.initialInterval = builder.initialInterval;
    this.maxInterval = builder.maxInterval;
    this.timeout = builder.timeout;
    this.progressListener = builder.progressListener;
  }

  /**
   * Returns a builder with the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder that starts from these options, to derive a variant.
   *
   * @return a new builder with every setting of these options
   */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /**
   * The wait before the first poll, and the shortest wait between polls. Default 5 s.
   *
   * @return the interval
   */
  public Duration initialInterval() {
    return initialInterval;
  }

  /**
   * The longest wait between polls. Default 10 s.
   *
   * @return the interval cap
   */
  public Duration maxInterval() {
    return maxInterval;
  }

  /**
   * How long to wait in total, checked before each sleep. Default 30 minutes.
   *
   * @return the timeout
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * What is called with every status polled, terminal or not, on the waiting thread.
   *
   * @return the listener; does nothing by default
   */
  public Consumer<BatchStatus> progressListener() {
    return progressListener;
  }

  @Override
  public String toString() {
    return "WaitOptions{initialInterval="
        + initialInterval
        + ", maxInterval="
        + maxInterval
        + ", timeout="
        + timeout
        + '}';
  }

  /** Builds {@link WaitOptions}. Not thread-safe. */
  public static final class Builder {
    private Duration initialInterval = Duration.ofSeconds(5);
    private Duration maxInterval = Duration.ofSeconds(10);
    private Duration timeout = Duration.ofMinutes(30);
    private Consumer<BatchStatus> progressListener = status -> {};

    Builder() {}

    Builder(WaitOptions options) {
      this.initialInterval = options.initialInterval;
      this.maxInterval = options.maxInterval;
      this.timeout = options.timeout;
      this.progressListener = options.progressListener;
    }

    /**
     * Sets the first and shortest interval, and the cap that intervals grow to.
     *
     * @param initial positive
     * @param max at least {@code initial}
     * @return this builder
     */
    public Builder interval(Duration initial, Duration max) {
      positive(initial, "initialInterval");
      positive(max, "maxInterval");
      if (max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("maxInterval must be at least initialInterval");
      }
      this.initialInterval = initial;
      this.maxInterval = max;
      return this;
    }

    /**
     * Sets the total time to wait.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = positive(timeout, "timeout");
      return this;
    }

    /**
     * Sets what is called with every status polled, such as a progress bar's update. It runs on the
     * waiting thread; an exception it throws ends the wait.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder progressListener(Consumer<BatchStatus> listener) {
      this.progressListener = Objects.requireNonNull(listener, "listener == null");
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public WaitOptions build() {
      return new WaitOptions(this);
    }

    private static Duration positive(Duration value, String name) {
      return DurationLimits.positiveWait(value, name); // at most 36,500 days: added to instants
    }
  }
}
