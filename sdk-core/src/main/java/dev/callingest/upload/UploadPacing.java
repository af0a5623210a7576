package dev.callingest.upload;

import dev.callingest.internal.DurationLimits;
import dev.callingest.pacing.PacingStore;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Client-side pacing of submissions within the Upload API's limits, so that a well-behaved caller
 * is never refused with HTTP 429. On by default with the documented limits; accounts with higher
 * limits raise them here.
 *
 * <ul>
 *   <li>At most {@link #batchesPerHour()} batches and {@link #callsPerHour()} calls in any sliding
 *       {@link #window()} (an hour unless your account's terms say otherwise). A batch counts from
 *       the moment the server may have recorded it: while its request is under way, and then for a
 *       whole window from when its answer arrived (or its attempt ended without one), which is
 *       never earlier than the server's own record. Attempts whose outcome is in doubt count too,
 *       including each retried attempt that may have created a batch; a batch the server definitely
 *       refused (HTTP 4xx other than 429, or a request that was never fully sent) does not.
 *   <li>At most {@link #maxBatchesInFlight()} batches in flight. A batch holds a slot from its
 *       submission until this client has seen it in a terminal state (through {@link
 *       UploadClient#status} or {@link UploadClient#awaitCompletion}), or until {@link
 *       #inFlightExpiry()} has passed. A definite error answer frees the slot at once; a submission
 *       with no answer (its acceptance unknown) holds it for {@link #unknownOutcomeHold()}. A 429
 *       whose message names the concurrent-batch limit keeps further submissions waiting until a
 *       slot frees or its {@code Retry-After} passes.
 * </ul>
 *
 * A submission that would break a limit waits until it can go: on a condition that wakes it as soon
 * as a slot frees, or until the window lets it go. It fails with a client-side {@link
 * dev.callingest.RateLimitedException} only when the wait would certainly end after {@link
 * #maxWait()} (a full window), or when no slot freed within {@code maxWait}; its {@code
 * retryAfter()} says how long to wait. Each wait is reported to {@link
 * dev.callingest.ClientEventListener#rateLimitWait}.
 *
 * <p>Pacing is per client unless a {@link Builder#store(PacingStore, String) store} is set: share
 * one {@link UploadClient} across your application, and give the clients of several processes
 * (replicas sharing one API key) one shared store, such as a {@link
 * dev.callingest.pacing.JdbcPacingStore}, and the same account key, so that together they keep
 * within the account's limits (see {@code docs/replicas.md}).
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
  private final Duration unknownOutcomeHold;
  private final Duration window;
  private final Duration maxWait;
  private final @Nullable PacingStore store;
  private final @Nullable String accountKey;

  private UploadPacing(Builder builder) {
    this.store = builder.store;
    this.accountKey = builder.accountKey;
    this.enabled = builder.enabled;
    this.batchesPerHour = builder.batchesPerHour;
    this.callsPerHour = builder.callsPerHour;
    this.maxBatchesInFlight = builder.maxBatchesInFlight;
    this.inFlightExpiry = builder.inFlightExpiry;
    this.unknownOutcomeHold = builder.unknownOutcomeHold;
    this.window = builder.window;
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
   * The length of the sliding window of {@link #batchesPerHour()} and {@link #callsPerHour()}.
   * Default 1 hour, as documented.
   *
   * @return the window
   */
  public Duration window() {
    return window;
  }

  /**
   * The most batches submitted in any sliding {@link #window()}. Default 100.
   *
   * @return the limit
   */
  public int batchesPerHour() {
    return batchesPerHour;
  }

  /**
   * The most calls submitted in any sliding {@link #window()}. Default 10,000.
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
   * How long a submission whose acceptance is unknown (no answer after it was sent) holds an
   * in-flight slot, since the server may be processing a batch this client has no id for. Default 5
   * minutes.
   *
   * @return the hold
   */
  public Duration unknownOutcomeHold() {
    return unknownOutcomeHold;
  }

  /**
   * The longest a submission waits for pacing before failing. Default 1 minute.
   *
   * @return the longest wait
   */
  public Duration maxWait() {
    return maxWait;
  }

  /**
   * The store the windows, slots and back-off are kept in, shared by every client given the same
   * store and {@link #accountKey()}. Empty by default: each client then counts in memory, alone.
   *
   * @return the store, or empty
   */
  public Optional<PacingStore> store() {
    return Optional.ofNullable(store);
  }

  /**
   * The account key under which the {@link #store()} keeps this account's state; the store's rows
   * are keyed {@code "upload:" + accountKey}. Empty when no store is set.
   *
   * @return the key, or empty
   */
  public Optional<String> accountKey() {
    return Optional.ofNullable(accountKey);
  }

  @Override
  public String toString() {
    if (!enabled) return "UploadPacing{disabled}";
    return "UploadPacing{batchesPerHour="
        + batchesPerHour
        + ", callsPerHour="
        + callsPerHour
        + ", maxBatchesInFlight="
        + maxBatchesInFlight
        + ", window="
        + window
        + ", inFlightExpiry="
        + inFlightExpiry
        + ", unknownOutcomeHold="
        + unknownOutcomeHold
        + ", maxWait="
        + maxWait
        + (store == null ? "" : ", store=" + store + ", accountKey=" + accountKey)
        + '}';
  }

  /** Builds {@link UploadPacing}. Not thread-safe. */
  public static final class Builder {
    private boolean enabled = true;
    private int batchesPerHour = 100;
    private int callsPerHour = 10_000;
    private int maxBatchesInFlight = 10;
    private Duration inFlightExpiry = Duration.ofMinutes(30);
    private Duration unknownOutcomeHold = Duration.ofMinutes(5);
    private Duration window = Duration.ofHours(1);
    private Duration maxWait = Duration.ofMinutes(1);
    private @Nullable PacingStore store;
    private @Nullable String accountKey;

    Builder() {}

    Builder(UploadPacing pacing) {
      enabled = pacing.enabled;
      batchesPerHour = pacing.batchesPerHour;
      callsPerHour = pacing.callsPerHour;
      maxBatchesInFlight = pacing.maxBatchesInFlight;
      inFlightExpiry = pacing.inFlightExpiry;
      unknownOutcomeHold = pacing.unknownOutcomeHold;
      window = pacing.window;
      maxWait = pacing.maxWait;
      store = pacing.store;
      accountKey = pacing.accountKey;
    }

    /**
     * Shares the account's limits through {@code store}: every client (in this process or another)
     * given the same store and {@code accountKey} counts in one set of windows and in-flight slots,
     * and a "slots full" answer seen by one holds back all. When the store fails (a database
     * unreachable), submissions fail with a {@link dev.callingest.pacing.PacingStoreException} and
     * are not sent.
     *
     * @param store the shared store
     * @param accountKey names the account in the store, such as your API key's id; never the key
     *     itself. 1 to 150 characters
     * @return this builder
     */
    public Builder store(PacingStore store, String accountKey) {
      this.store = Objects.requireNonNull(store, "store == null");
      this.accountKey = checkAccountKey(accountKey);
      return this;
    }

    /**
     * Goes back to the default: a store in memory, for this client alone.
     *
     * @return this builder
     */
    public Builder localStore() {
      this.store = null;
      this.accountKey = null;
      return this;
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
     * Sets the most batches in any sliding {@link #window(Duration) window}.
     *
     * @param limit positive
     * @return this builder
     */
    public Builder batchesPerHour(int limit) {
      this.batchesPerHour = positive(limit, "batchesPerHour");
      return this;
    }

    /**
     * Sets the most calls in any sliding {@link #window(Duration) window}.
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
      this.inFlightExpiry = DurationLimits.positiveWait(expiry, "inFlightExpiry");
      return this;
    }

    /**
     * Sets how long a submission whose acceptance is unknown holds an in-flight slot.
     *
     * @param hold positive
     * @return this builder
     */
    public Builder unknownOutcomeHold(Duration hold) {
      this.unknownOutcomeHold = DurationLimits.positiveWait(hold, "unknownOutcomeHold");
      return this;
    }

    /**
     * Sets the length of the sliding window the hourly limits count in, for accounts with other
     * terms (and tests).
     *
     * @param window positive
     * @return this builder
     */
    public Builder window(Duration window) {
      this.window = DurationLimits.positiveWait(window, "window");
      return this;
    }

    /**
     * Sets the longest a submission waits for pacing; see the class description for when it fails
     * instead.
     *
     * @param maxWait zero (never wait) or positive
     * @return this builder
     */
    public Builder maxWait(Duration maxWait) {
      this.maxWait = DurationLimits.nonNegativeWait(maxWait, "maxWait");
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

    private static Duration positive(Duration value, String name) {
      Objects.requireNonNull(value, name + " == null");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + value);
      }
      return value;
    }

    static String checkAccountKey(String accountKey) {
      Objects.requireNonNull(accountKey, "accountKey == null");
      if (accountKey.isBlank() || accountKey.length() > 150) {
        throw new IllegalArgumentException("accountKey must be 1 to 150 characters, not blank");
      }
      return accountKey;
    }

    private static int positive(int value, String name) {
      if (value < 1) throw new IllegalArgumentException(name + " must be positive: " + value);
      return value;
    }
  }
}
