package dev.callingest.partner;

import dev.callingest.internal.DurationLimits;
import dev.callingest.pacing.PacingStore;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Client-side pacing of Partner API submissions: at most {@link #requestsPerWindow()} requests in
 * any sliding {@link #window()}. Configured as {@link dev.callingest.upload.UploadPacing} is: a
 * builder, {@link #newBuilder()}, {@link #DEFAULT} and {@link #DISABLED}, and the same meaning of
 * {@link #enabled()}, {@link #window()} and {@link #maxWait()}. The one difference is the default:
 * the Partner API documents no limit, so {@link #DEFAULT} is off (your account manager can tell you
 * your limit, and the window it is counted in); with it on, a caller does not provoke 429s from a
 * server that counts the same limit over a sliding window.
 *
 * <pre>{@code
 * PartnerPacing pacing = PartnerPacing.builder()
 *     .requestsPerWindow(60)            // window defaults to 1 minute
 *     .maxWait(Duration.ofMinutes(1))
 *     .build();
 * }</pre>
 *
 * <p>A request counts while it is under way and then for a whole window from when its answer
 * arrived (or its attempt ended without one), never earlier than the server can have counted it.
 * Every answered request counts, refusals included, since a server counting requests counts those
 * too; only a 429 and a request that was never fully sent do not. A request that would break the
 * limit waits until the window lets it go; when that is further away than {@link #maxWait()} it
 * fails at once with a client-side {@link dev.callingest.RateLimitedException}.
 *
 * <p>The limit belongs to the tenant: replicas sharing one tenant share it through one {@link
 * Builder#store(PacingStore, String) store} and account key (see {@code docs/replicas.md}).
 */
public final class PartnerPacing {
  /** No pacing: every submission goes out at once. */
  public static final PartnerPacing DISABLED = new PartnerPacing(new Builder().enabled(false));

  /**
   * What a client without a pacing setting applies: {@link #DISABLED}, as the API documents no
   * limit.
   */
  public static final PartnerPacing DEFAULT = DISABLED;

  private final boolean enabled;
  private final int requestsPerWindow;
  private final Duration window;
  private final Duration maxWait;
  private final @Nullable PacingStore store;
  private final @Nullable String accountKey;

  private PartnerPacing(Builder builder) {
    this.store = builder.store;
    this.accountKey = builder.accountKey;
    this.enabled = builder.enabled;
    this.requestsPerWindow = builder.requestsPerWindow;
    this.window = builder.window;
    this.maxWait = builder.maxWait;
  }

  /**
   * Returns a builder with pacing on, a one-minute window and a one-minute {@code maxWait}; set
   * {@link Builder#requestsPerWindow(int)} before building.
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

  /** {@return whether pacing is on} */
  public boolean enabled() {
    return enabled;
  }

  /** {@return the most submissions in any sliding window; 0 when pacing is off} */
  public int requestsPerWindow() {
    return enabled ? requestsPerWindow : 0;
  }

  /** {@return the length of the sliding window the limit counts in; default 1 minute} */
  public Duration window() {
    return window;
  }

  /** {@return the longest a submission waits for pacing before failing; default 1 minute} */
  public Duration maxWait() {
    return maxWait;
  }

  /**
   * The store the window is kept in, shared by every client given the same store and {@link
   * #accountKey()}. Empty by default: each client then counts in memory, alone.
   *
   * @return the store, or empty
   */
  public Optional<PacingStore> store() {
    return Optional.ofNullable(store);
  }

  /**
   * The account key under which the {@link #store()} keeps this tenant's window; the store's rows
   * are keyed {@code "partner:" + accountKey}. Empty when no store is set.
   *
   * @return the key, or empty
   */
  public Optional<String> accountKey() {
    return Optional.ofNullable(accountKey);
  }

  @Override
  public String toString() {
    return enabled
        ? "PartnerPacing{requestsPerWindow="
            + requestsPerWindow
            + ", window="
            + window
            + ", maxWait="
            + maxWait
            + (store == null ? "" : ", store=" + store + ", accountKey=" + accountKey)
            + '}'
        : "PartnerPacing{disabled}";
  }

  /** Builds {@link PartnerPacing}. Not thread-safe. */
  public static final class Builder {
    private boolean enabled = true;
    private int requestsPerWindow;
    private Duration window = Duration.ofMinutes(1);
    private Duration maxWait = Duration.ofMinutes(1);
    private @Nullable PacingStore store;
    private @Nullable String accountKey;

    Builder() {}

    Builder(PartnerPacing pacing) {
      enabled = pacing.enabled;
      requestsPerWindow = pacing.requestsPerWindow;
      window = pacing.window;
      maxWait = pacing.maxWait;
      store = pacing.store;
      accountKey = pacing.accountKey;
    }

    /**
     * Shares the tenant's limit through {@code store}: every client (in this process or another)
     * given the same store and {@code accountKey} counts in one window. When the store fails (a
     * database unreachable), submissions fail with a {@link
     * dev.callingest.pacing.PacingStoreException} and are not sent.
     *
     * @param store the shared store
     * @param accountKey names the tenant in the store, such as its partner key id; never a secret.
     *     1 to 150 characters
     * @return this builder
     */
    public Builder store(PacingStore store, String accountKey) {
      this.store = Objects.requireNonNull(store, "store == null");
      Objects.requireNonNull(accountKey, "accountKey == null");
      if (accountKey.isBlank() || accountKey.length() > 150) {
        throw new IllegalArgumentException("accountKey must be 1 to 150 characters, not blank");
      }
      this.accountKey = accountKey;
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
     * Sets the most submissions in any sliding {@link #window(Duration) window}. Required when
     * pacing is on.
     *
     * @param limit 1 or more
     * @return this builder
     */
    public Builder requestsPerWindow(int limit) {
      if (limit < 1)
        throw new IllegalArgumentException("requestsPerWindow must be positive: " + limit);
      this.requestsPerWindow = limit;
      return this;
    }

    /**
     * Sets the length of the sliding window the limit counts in.
     *
     * @param window positive
     * @return this builder
     */
    public Builder window(Duration window) {
      this.window = DurationLimits.positiveWait(window, "window");
      return this;
    }

    /**
     * Sets the longest a submission waits for pacing before failing fast.
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
     * @throws IllegalStateException if pacing is on and no {@code requestsPerWindow} was set
     */
    public PartnerPacing build() {
      if (enabled && requestsPerWindow == 0) {
        throw new IllegalStateException("requestsPerWindow is required when pacing is enabled");
      }
      return new PartnerPacing(this);
    }
  }
}
