package dev.callingest.spring;

import dev.callingest.pacing.PacingStore;
import dev.callingest.partner.PartnerClient;
import dev.callingest.partner.PartnerPacing;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * callingest.partner.*: the Partner API client. The PartnerClient bean exists only when api-key is
 * set; then api-secret, tenant-id and sub-tenant-id are required too. Every other property has the
 * SDK's default.
 *
 * @param apiKey the x-api-key; keep it out of source control
 * @param apiSecret the x-api-secret; keep it out of source control
 * @param tenantId the x-tenant-id
 * @param subTenantId the x-sub-tenant-id
 * @param baseUrl the API's base URL, including /api/v1; https, or http on a loopback host for the
 *     emulator
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
 *     again; safe here, since the API de-duplicates by call id
 * @param appInfo your application's name and version, appended to the User-Agent header
 * @param allowLoopbackHttpCallbacks whether a callback_url may be plain http on a loopback host;
 *     for the local emulator only, the real API requires https
 * @param pacing client-side pacing of submissions
 */
@ConfigurationProperties(prefix = PartnerProperties.PREFIX, ignoreUnknownFields = false)
public record PartnerProperties(
    @Nullable String apiKey,
    @Nullable String apiSecret,
    @Nullable String tenantId,
    @Nullable String subTenantId,
    @DefaultValue(PartnerClient.PRODUCTION_BASE_URL) String baseUrl,
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
    @DefaultValue("false") boolean allowLoopbackHttpCallbacks,
    @DefaultValue Pacing pacing)
    implements ClientSettings {

  /** The properties' prefix. */
  public static final String PREFIX = "callingest.partner";

  /**
   * {@code callingest.partner.pacing.*}: see {@link PartnerPacing}; the same shape as {@code
   * callingest.upload.pacing.*}. The API documents no limit, so pacing is off unless {@code
   * enabled} is true, and then {@code requests-per-window} is required.
   *
   * @param enabled whether submissions are paced; default false
   * @param requestsPerWindow the most submissions in any sliding window; no default, required when
   *     enabled
   * @param window the length of the sliding window
   * @param maxWait the longest a submission waits for pacing before failing fast
   * @param store where the window is kept: memory (this client alone) or jdbc (the application's
   *     DataSource, shared by every replica with the same account-key)
   * @param accountKey names the tenant's window in the shared store; default: the tenant-id
   */
  public record Pacing(
      @DefaultValue("false") boolean enabled,
      @Nullable Integer requestsPerWindow,
      @DefaultValue("1m") Duration window,
      @DefaultValue("1m") Duration maxWait,
      @DefaultValue("memory") PacingStoreType store,
      @Nullable String accountKey) {

    /**
     * The SDK's pacing for these properties, counted in this client's memory.
     *
     * @return the pacing
     * @throws CallingestConfigurationException if pacing is enabled without {@code
     *     requests-per-window}, or the SDK refuses a value
     */
    public PartnerPacing toPacing() {
      return toPacing(null, "");
    }

    /**
     * The SDK's pacing for these properties.
     *
     * @param shared the store to share, or null to count in memory
     * @param tenantId the account key when {@code account-key} is not set
     * @return the pacing
     * @throws CallingestConfigurationException if pacing is enabled without {@code
     *     requests-per-window}, or the SDK refuses a value
     */
    public PartnerPacing toPacing(@Nullable PacingStore shared, String tenantId) {
      if (!enabled) return PartnerPacing.DISABLED;
      String prefix = PREFIX + ".pacing";
      Integer limit = requestsPerWindow;
      if (limit == null) {
        throw new CallingestConfigurationException(
            prefix + ".requests-per-window",
            "it is required when "
                + prefix
                + ".enabled is true (the Partner API documents no"
                + " limit, so the SDK has no default)",
            "Set "
                + prefix
                + ".requests-per-window to the number of submissions your account may"
                + " make per window, or set "
                + prefix
                + ".enabled=false.");
      }
      PartnerPacing.Builder pacing = PartnerPacing.builder();
      set(prefix + ".requests-per-window", () -> pacing.requestsPerWindow(limit));
      set(prefix + ".window", () -> pacing.window(window));
      set(prefix + ".max-wait", () -> pacing.maxWait(maxWait));
      if (shared != null) {
        String key = accountKey != null && !accountKey.isBlank() ? accountKey : tenantId;
        set(prefix + ".account-key", () -> pacing.store(shared, key));
      }
      return pacing.build();
    }

    private static void set(String property, Runnable apply) {
      Checks.setting(property, Checks.fix(property), apply);
    }
  }

  /** Describes the properties; the API key and secret are redacted. */
  @Override
  public String toString() {
    return "PartnerProperties{apiKey="
        + ClientSettings.redacted(apiKey)
        + ", apiSecret="
        + ClientSettings.redacted(apiSecret)
        + ", tenantId="
        + tenantId
        + ", subTenantId="
        + subTenantId
        + ", "
        + describe()
        + ", allowLoopbackHttpCallbacks="
        + allowLoopbackHttpCallbacks
        + ", pacing="
        + pacing
        + "}";
  }
}
