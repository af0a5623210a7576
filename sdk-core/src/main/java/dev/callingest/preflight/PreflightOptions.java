package dev.callingest.preflight;

import dev.callingest.internal.DurationLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link RecordingPreflight}: how long to wait for a recording's host, how many
 * redirects to follow, how many recordings to check at once during an import, and how long after
 * sending a call its recording must still be fetchable.
 */
public final class PreflightOptions {
  /** The defaults: 5 s timeouts, 5 redirects, 8 checks at once, 30 minutes of processing. */
  public static final PreflightOptions DEFAULT = builder().build();

  private final Duration timeout;
  private final int maxRedirects;
  private final int concurrency;
  private final Duration processingAllowance;
  private final Clock clock;

  private PreflightOptions(Builder builder) {
    this.timeout = builder.timeout;
    this.maxRedirects = builder.maxRedirects;
    this.concurrency = builder.concurrency;
    this.processingAllowance = builder.processingAllowance;
    this.clock = builder.clock;
  }

  /** {@return a builder with the defaults} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder that starts from these settings} */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /** {@return the connect, read and whole-request timeout of each request to a recording's host} */
  public Duration timeout() {
    return timeout;
  }

  /** {@return the most redirects followed from a recording URL} */
  public int maxRedirects() {
    return maxRedirects;
  }

  /** {@return how many recordings the importer checks at the same time} */
  public int concurrency() {
    return concurrency;
  }

  /**
   * {@return how long after a call is sent its recording must still be fetchable: the API fetches
   * it once the call's turn comes, which the Upload document puts within 30 minutes for a whole
   * batch}
   */
  public Duration processingAllowance() {
    return processingAllowance;
  }

  /** {@return the clock that says when "now" is, for presigned URL expiry} */
  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "PreflightOptions{timeout="
        + timeout
        + ", maxRedirects="
        + maxRedirects
        + ", concurrency="
        + concurrency
        + ", processingAllowance="
        + processingAllowance
        + '}';
  }

  /** Builds {@link PreflightOptions}. Not thread-safe. */
  public static final class Builder {
    private Duration timeout = Duration.ofSeconds(5);
    private int maxRedirects = 5;
    private int concurrency = 8;
    private Duration processingAllowance = Duration.ofMinutes(30);
    private Clock clock = Clock.systemUTC();

    Builder() {}

    Builder(PreflightOptions options) {
      timeout = options.timeout;
      maxRedirects = options.maxRedirects;
      concurrency = options.concurrency;
      processingAllowance = options.processingAllowance;
      clock = options.clock;
    }

    /**
     * Sets the timeout of each request to a recording's host. Default 5 s.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = DurationLimits.timeout(timeout, "timeout");
      return this;
    }

    /**
     * Sets the most redirects followed. Default 5.
     *
     * @param maxRedirects 0 to 20
     * @return this builder
     */
    public Builder maxRedirects(int maxRedirects) {
      if (maxRedirects < 0 || maxRedirects > 20) {
        throw new IllegalArgumentException(
            "maxRedirects must be between 0 and 20: " + maxRedirects);
      }
      this.maxRedirects = maxRedirects;
      return this;
    }

    /**
     * Sets how many recordings an import checks at the same time. Default 8.
     *
     * @param concurrency 1 to 64
     * @return this builder
     */
    public Builder concurrency(int concurrency) {
      if (concurrency < 1 || concurrency > 64) {
        throw new IllegalArgumentException("concurrency must be between 1 and 64: " + concurrency);
      }
      this.concurrency = concurrency;
      return this;
    }

    /**
     * Sets how long after a call is sent its recording must still be fetchable. Default 30 minutes.
     *
     * @param allowance zero or positive
     * @return this builder
     */
    public Builder processingAllowance(Duration allowance) {
      this.processingAllowance = DurationLimits.nonNegativeWait(allowance, "processingAllowance");
      return this;
    }

    /**
     * Sets the clock. Default: the system clock in UTC.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** {@return the settings} */
    public PreflightOptions build() {
      return new PreflightOptions(this);
    }
  }
}
