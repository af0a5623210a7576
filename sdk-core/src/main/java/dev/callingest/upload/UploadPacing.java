package dev.callingest.upload;

import java.time.Duration;
import java.util.Objects;

/**
 * Client-side pacing of submissions within the Upload API's limits, so that a well-behaved caller is
 * never refused with HTTP 429. On by default with the documented limits; accounts with higher limits
 * raise them here.
 *
 * <ul>
 *   <li>At most {@link #batchesPerHour()} batches and {@link #callsPerHour()} calls in any sliding
 *       hour.
 *   <li>At most {@link #maxBatchesInFlight()} batches in flight. A batch counts from its submission
 *       until this client has seen it in a terminal state (through {@link UploadClient#status} or
 *       {@link UploadClient#awaitCompletion}), or until {@link #inFlightExpiry()} has passed.
 * </ul>
 *
 * A submission that would break a limit waits until it can go. If that wait would be longer than
 * {@link #maxWait()}, it fails at once with a client-side {@link dev.callingest.RateLimitedException}
 * whose {@code retryAfter()} says how long to wait. Each wait is reported to {@link
 * dev.callingest.ClientEventListener#rateLimitWait}.
 *
 * <p>Pacing is per client: share one {@link UploadClient} across your application.
 */
public final class UploadPacing {
  /** The documented limits: 100 batches and 10,000 calls an hour, 10 batches in flight. */
  public static final UploadPacing DEFAULT = builder().build();

  /** No client-side pacing: every submission goes at once. */
  public static final UploadPacing DISABLED = builder().enabled(false).build();

  private final boolean enabled;
  private final int batchesPerHour;
  private final int callsPerHour;
  private final int maxBatchesInFlight;
  private final Duration inFlightExpiry;
  private final Duration maxWait;

  private UploadPacing(Builder builder) {
    this.enabled = builder.enabled;
    this.batchesPerHour = builder.batchesPerHour;
    this.callsPerHour = builder.callsPerHour;
    this.maxBatchesInFlight = builder.maxBatchesInFlight;
    this.inFlightExpiry = builder.inFlightExpiry;
    this.maxWait = builder.maxWait;
  }

  /**
   * Returns a builder with the documented limits.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder that starts from these settings.
   *
   * @return a new builder
   */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /**
   * Whether pacing is on. Default true.
   *
   * @return true when submissions are paced
   */
  public boolean enabled() {
    return enabled;
  }

  /**
   * The most batches submitted in any sliding hour. Default 100.
   *
   * @return the limit
   */
  public int batchesPerHour() {
    return batchesPerHour;
  }

  /**
   * The most calls submitted in any sliding hour. Default 10,000.
   *
   * @return the limit
   */
  public int callsPerHour() {
    return callsPerHour;
  }

  /**
   * The most batches in flight at once. Default 10.
   *
   * @return the limit
   */
  public int maxBatchesInFlight() {
    return maxBatchesInFlight;
  }

  /**
   * How long a submitted batch counts as in flight when this client never sees it terminal. Default
   * 30 minutes, the longest the API's guidance says to wait for a batch.
   *
   * @return the expiry
   */
  public Duration inFlightExpiry() {
    return inFlightExpiry;
  }

  /**
   * The longest a submission waits for pacing before failing fast. Default 1 minute.
   *
   * @return the longest wait
   */
  public Duration maxWait() {
    return maxWait;
  }

  @Override
  public String toString() {
    if (!enabled) return "UploadPacing{disabled}";
    return "UploadPacing{batchesPerHour=" + batchesPerHour
        + ", callsPerHour=" + callsPerHour
        + ", maxBatchesInFlight=" + maxBatchesInFlight
        + ", inFlightExpiry=" + inFlightExpiry
        + ", maxWait=" + maxWait + '}';
  }

  /** Builds {@link UploadPacing}. Not thread-safe. */
  public static final class Builder {
    private boolean enabled = true;
    private int batchesPerHour = 100;
    private int callsPerHour = 10_000;
    private int maxBatchesInFlight = 10;
    private Duration inFlightExpiry = Duration.ofMinutes(30);
    private Duration maxWait = Duration.ofMinutes(1);

    Builder() {}

    Builder(UploadPacing pacing) {
      enabled = pacing.enabled;
      batchesPerHour = pacing.batchesPerHour;
      callsPerHour = pacing.callsPerHour;
      maxBatchesInFlight = pacing.maxBatchesInFlight;
      inFlightExpiry = pacing.inFlightExpiry;
      maxWait = pacing.maxWait;
    }

    /**
     * Turns pacing on or off.
     *
     * @param enabled false to send every submission at once
     * @return this builder
     */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /**
     * Sets the most batches in any sliding hour.
     *
     * @param limit positive
     * @return this builder
     */
    public Builder batchesPerHour(int limit) {
      this.batchesPerHour = positive(limit, "batchesPerHour");
      return this;
    }

    /**
     * Sets the most calls in any sliding hour.
     *
     * @param limit at least {@link UploadBatch#MAX_CALLS}, so that any valid batch can go
     * @return this builder
     */
    public Builder callsPerHour(int limit) {
      if (limit < UploadBatch.MAX_CALLS) {
        throw new IllegalArgumentException(
            "callsPerHour must be at least " + UploadBatch.MAX_CALLS + ": " + limit);
      }
      this.callsPerHour = limit;
      return this;
    }

    /**
     * Sets the most batches in flight at once.
     *
     * @param limit positive
     * @return this builder
     */
    public Builder maxBatchesInFlight(int limit) {
      this.maxBatchesInFlight = positive(limit, "maxBatchesInFlight");
      return this;
    }

    /**
     * Sets how long a batch counts as in flight when this client never sees it terminal.
     *
     * @param expiry positive
     * @return this builder
     */
    public Builder inFlightExpiry(Duration expiry) {
      Objects.requireNonNull(expiry, "expiry == null");
      if (expiry.isNegative() || expiry.isZero()) {
        throw new IllegalArgumentException("inFlightExpiry must be positive: " + expiry);
      }
      this.inFlightExpiry = expiry;
      return this;
    }

    /**
     * Sets the longest a submission waits for pacing; a longer wait fails fast instead.
     *
     * @param maxWait zero (never wait) or positive
     * @return this builder
     */
    public Builder maxWait(Duration maxWait) {
      Objects.requireNonNull(maxWait, "maxWait == null");
      if (maxWait.isNegative()) {
        throw new IllegalArgumentException("maxWait must not be negative: " + maxWait);
      }
      this.maxWait = maxWait;
      return this;
    }

    /**
     * Builds the settings.
     *
     * @return the settings
     */
    public UploadPacing build() {
      return new UploadPacing(this);
    }

    private static int positive(int value, String name) {
      if (value < 1) throw new IllegalArgumentException(name + " must be positive: " + value);
      return value;
    }
  }
}
