package dev.callingest;

import dev.callingest.internal.DurationLimits;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * Overrides of {@link ClientOptions} for one operation: timeouts, retries, the deadline and the
 * idempotency key. What is not set here comes from the client's options.
 *
 * <pre>{@code
 * client.submit(batch, RequestOptions.builder().maxRetries(5).readTimeout(Duration.ofMinutes(2)).build());
 * }</pre>
 */
public final class RequestOptions {
  /** No overrides. */
  public static final RequestOptions NONE = builder().build();

  private final @Nullable Duration connectTimeout;
  private final @Nullable Duration readTimeout;
  private final @Nullable Duration writeTimeout;
  private final @Nullable Duration callTimeout;
  private final @Nullable Duration deadline;
  private final @Nullable Integer maxRetries;
  private final @Nullable String idempotencyKey;
  private final @Nullable Boolean retryInDoubtRequests;

  private RequestOptions(Builder builder) {
    this.retryInDoubtRequests = builder.retryInDoubtRequests;
    this.connectTimeout = builder.connectTimeout;
    this.readTimeout = builder.readTimeout;
    this.writeTimeout = builder.writeTimeout;
    this.callTimeout = builder.callTimeout;
    this.deadline = builder.deadline;
    this.maxRetries = builder.maxRetries;
    this.idempotencyKey = builder.idempotencyKey;
  }

  /** {@return returns a builder with no overrides} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder that starts from these options, to derive a variant.
   *
   * @return a new builder with every override of these options
   */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /** {@return the connect timeout override, when set} */
  public Optional<Duration> connectTimeout() {
    return Optional.ofNullable(connectTimeout);
  }

  /** {@return the read timeout override, when set} */
  public Optional<Duration> readTimeout() {
    return Optional.ofNullable(readTimeout);
  }

  /** {@return the write timeout override, when set} */
  public Optional<Duration> writeTimeout() {
    return Optional.ofNullable(writeTimeout);
  }

  /** {@return the per-attempt call timeout override, when set} */
  public Optional<Duration> callTimeout() {
    return Optional.ofNullable(callTimeout);
  }

  /** {@return the deadline override across all attempts, when set} */
  public Optional<Duration> deadline() {
    return Optional.ofNullable(deadline);
  }

  /** {@return the retry count override, when set} */
  public OptionalInt maxRetries() {
    return maxRetries == null ? OptionalInt.empty() : OptionalInt.of(maxRetries);
  }

  /** {@return the idempotency key to send instead of a generated one, when set} */
  public Optional<String> idempotencyKey() {
    return Optional.ofNullable(idempotencyKey);
  }

  /** {@return the override of {@link ClientOptions#retryInDoubtRequests()}, when set} */
  public Optional<Boolean> retryInDoubtRequests() {
    return Optional.ofNullable(retryInDoubtRequests);
  }

  @Override
  public String toString() {
    return "RequestOptions{connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + ", writeTimeout="
        + writeTimeout
        + ", callTimeout="
        + callTimeout
        + ", deadline="
        + deadline
        + ", maxRetries="
        + maxRetries
        + ", idempotencyKey="
        + idempotencyKey
        + ", retryInDoubtRequests="
        + retryInDoubtRequests
        + '}';
  }

  /** Builds {@link RequestOptions}. Not thread-safe. */
  public static final class Builder {
    private @Nullable Duration connectTimeout;
    private @Nullable Duration readTimeout;
    private @Nullable Duration writeTimeout;
    private @Nullable Duration callTimeout;
    private @Nullable Duration deadline;
    private @Nullable Integer maxRetries;
    private @Nullable String idempotencyKey;
    private @Nullable Boolean retryInDoubtRequests;

    Builder() {}

    Builder(RequestOptions options) {
      this.connectTimeout = options.connectTimeout;
      this.readTimeout = options.readTimeout;
      this.writeTimeout = options.writeTimeout;
      this.callTimeout = options.callTimeout;
      this.deadline = options.deadline;
      this.maxRetries = options.maxRetries;
      this.idempotencyKey = options.idempotencyKey;
      this.retryInDoubtRequests = options.retryInDoubtRequests;
    }

    /**
     * Overrides {@link ClientOptions.Builder#retryInDoubtRequests(boolean)} for this operation:
     * whether a submission that may already have been processed is sent again.
     *
     * @param retry whether to retry in-doubt attempts of this submission
     * @return this builder
     */
    public Builder retryInDoubtRequests(boolean retry) {
      this.retryInDoubtRequests = retry;
      return this;
    }

    /**
     * Overrides the connect timeout.
     *
     * @param timeout from 1 ms to {@code Integer.MAX_VALUE} ms (about 24.8 days), as OkHttp counts
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = DurationLimits.timeout(timeout, "connectTimeout");
      return this;
    }

    /**
     * Overrides the read timeout.
     *
     * @param timeout from 1 ms to {@code Integer.MAX_VALUE} ms (about 24.8 days), as OkHttp counts
     * @return this builder
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = DurationLimits.timeout(timeout, "readTimeout");
      return this;
    }

    /**
     * Overrides the write timeout.
     *
     * @param timeout from 1 ms to {@code Integer.MAX_VALUE} ms (about 24.8 days), as OkHttp counts
     * @return this builder
     */
    public Builder writeTimeout(Duration timeout) {
      this.writeTimeout = DurationLimits.timeout(timeout, "writeTimeout");
      return this;
    }

    /**
     * Overrides the per-attempt call timeout.
     *
     * @param timeout from 1 ms to {@code Integer.MAX_VALUE} ms (about 24.8 days), or zero for none
     * @return this builder
     */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = DurationLimits.timeoutOrZero(timeout, "callTimeout");
      return this;
    }

    /**
     * Overrides the deadline across all attempts.
     *
     * @param deadline positive, at most 36,500 days
     * @return this builder
     */
    public Builder deadline(Duration deadline) {
      this.deadline = DurationLimits.positiveWait(deadline, "deadline");
      return this;
    }

    /**
     * Overrides how many times a failed attempt may be retried.
     *
     * @param maxRetries 0 to 10
     * @return this builder
     */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0 || maxRetries > 10) {
        throw new IllegalArgumentException("maxRetries must be between 0 and 10: " + maxRetries);
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * Sets the {@code Idempotency-Key} sent on every attempt of this operation, instead of a random
     * one. Useful to make a resubmission after a crash carry the key of the first try.
     *
     * @param key 1 to 255 printable ASCII characters
     * @return this builder
     */
    public Builder idempotencyKey(String key) {
      Objects.requireNonNull(key, "key == null");
      if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        throw new IllegalArgumentException(
            "idempotencyKey must be 1 to 255 printable ASCII characters without spaces");
      }
      this.idempotencyKey = key;
      return this;
    }

    /** {@return builds the options} */
    public RequestOptions build() {
      return new RequestOptions(this);
    }
  }
}
