package dev.callingest.spring;

import dev.callingest.pacing.PacingStore;
import dev.callingest.upload.UploadClient;
import dev.callingest.upload.UploadPacing;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * callingest.upload.*: the Upload API client. The UploadClient bean exists only when api-key is
 * set; every other property has the SDK's default.
 *
 * @param apiKey the API key, sent as Authorization: Bearer; keep it out of source control (an
 *     environment variable such as CALLINGEST_UPLOAD_API_KEY binds to it)
 * @param baseUrl the API's base URL; https, or http on a loopback host for the emulator
 * @param connectTimeout how long to wait for a TCP and TLS connection
 * @param readTimeout the longest silence while reading a response
 * @param writeTimeout the longest stall while sending a request
 * @param callTimeout the limit for one whole attempt; 0 for none
 * @param deadline the limit across all attempts of one operation and the waits between them; unset
 *     for none
 * @param maxRetries how many times a failed attempt may be retried, 0 to 10
 * @param initialBackoff the wait before the first retry, before jitter
 * @param maxBackoff the longest wait between retries, before jitter
 * @param maxRetryAfter the longest server-requested wait honoured before a retry
 * @param retryInDoubtRequests whether a submission that may already have reached the server is sent
 *     again; the Upload API does not document de-duplication
 * @param appInfo your application's name and version, appended to the User-Agent header
 * @param pacing client-side pacing within the API's rate limits
 */
@ConfigurationProperties(prefix = UploadProperties.PREFIX, ignoreUnknownFields = false)
public record UploadProperties(
    @Nullable String apiKey,
    @DefaultValue(UploadClient.PRODUCTION_BASE_URL) String baseUrl,
    @DefaultValue("10s") Duration connectTimeout,
    @DefaultValue("30s") Duration readTimeout,
    @DefaultValue("30s") Duration writeTimeout,
    @DefaultValue("60s") Duration callTimeout,
    @Nullable Duration deadline,
    @DefaultValue("2") int maxRetries,
    @DefaultValue("500ms") Duration initialBackoff,
    @DefaultValue("8s") Duration maxBackoff,
    @DefaultValue("60s") Duration maxRetryAfter,
    @DefaultValue("true") boolean retryInDoubtRequests,
    @Nullable String appInfo,
    @DefaultValue Pacing pacing)
    implements ClientSettings {

  /** The properties' prefix. */
  public static final String PREFIX = "callingest.upload";

  /**
   * {@code callingest.upload.pacing.*}: see {@link UploadPacing}.
   *
   * @param enabled whether submissions are paced
   * @param batchesPerHour the most batches in any sliding hour
   * @param callsPerHour the most calls in any sliding hour, at least 100
   * @param maxBatchesInFlight the most batches in flight at once
   * @param inFlightExpiry how long a batch counts as in flight when the client never sees it finish
   * @param window the length of the sliding window the hourly limits count in
   * @param maxWait the longest a submission waits for pacing before failing fast
   * @param store where the windows and slots are kept: memory (this client alone) or jdbc (the
   *     application's DataSource, shared by every replica with the same account-key)
   * @param accountKey names the account in the shared store; replicas sharing one API key set the
   *     same value. Never the API key itself
   */
  public record Pacing(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("100") int batchesPerHour,
      @DefaultValue("10000") int callsPerHour,
      @DefaultValue("10") int maxBatchesInFlight,
      @DefaultValue("30m") Duration inFlightExpiry,
      @DefaultValue("1h") Duration window,
      @DefaultValue("1m") Duration maxWait,
      @DefaultValue("memory") PacingStoreType store,
      @DefaultValue("default") String accountKey) {

    /**
     * The SDK's pacing for these properties, counted in this client's memory.
     *
     * @return the pacing
     * @throws CallingestConfigurationException naming the property whose value the SDK refuses
     */
    public UploadPacing toPacing() {
      return toPacing(null);
    }

    /**
     * The SDK's pacing for these properties.
     *
     * @param shared the store to share under {@code account-key}, or null to count in memory
     * @return the pacing
     * @throws CallingestConfigurationException naming the property whose value the SDK refuses
     */
    public UploadPacing toPacing(@Nullable PacingStore shared) {
      if (!enabled) return UploadPacing.DISABLED;
      String prefix = PREFIX + ".pacing";
      UploadPacing.Builder pacing = UploadPacing.builder();
      set(prefix + ".batches-per-hour", () -> pacing.batchesPerHour(batchesPerHour));
      set(prefix + ".calls-per-hour", () -> pacing.callsPerHour(callsPerHour));
      set(prefix + ".max-batches-in-flight", () -> pacing.maxBatchesInFlight(maxBatchesInFlight));
      set(prefix + ".in-flight-expiry", () -> pacing.inFlightExpiry(inFlightExpiry));
      set(prefix + ".window", () -> pacing.window(window));
      set(prefix + ".max-wait", () -> pacing.maxWait(maxWait));
      if (shared != null) set(prefix + ".account-key", () -> pacing.store(shared, accountKey));
      return Checks.value(
          prefix, "Change the callingest.upload.pacing limits so that they agree.", pacing::build);
    }

    private static void set(String property, Runnable apply) {
      Checks.setting(property, Checks.fix(property), apply);
    }
  }

  /** Describes the properties; the API key is redacted. */
  @Override
  public String toString() {
    return "UploadProperties{apiKey="
        + ClientSettings.redacted(apiKey)
        + ", "
        + describe()
        + ", pacing="
        + pacing
        + "}";
  }
}
