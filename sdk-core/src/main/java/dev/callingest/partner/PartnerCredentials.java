package dev.callingest.partner;

import dev.callingest.Credentials;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * The Partner API's credentials: an API key and secret, and the tenant and sub-tenant the calls
 * belong to. Every request carries them as the headers {@code x-api-key}, {@code x-api-secret},
 * {@code x-tenant-id} and {@code x-sub-tenant-id}; all four are required.
 *
 * <pre>{@code
 * PartnerCredentials credentials = PartnerCredentials.of(
 *     System.getenv("PARTNER_API_KEY"), System.getenv("PARTNER_API_SECRET"), "tenant-7", "branch-3");
 * }</pre>
 *
 * <p>{@link #toString()} shows the tenant ids and hides the key and the secret.
 */
public final class PartnerCredentials implements Credentials {
  static final String API_KEY_HEADER = "x-api-key";
  static final String API_SECRET_HEADER = "x-api-secret";
  static final String TENANT_ID_HEADER = "x-tenant-id";
  static final String SUB_TENANT_ID_HEADER = "x-sub-tenant-id";

  private final String apiKey;
  private final String apiSecret;
  private final String tenantId;
  private final String subTenantId;

  private PartnerCredentials(String apiKey, String apiSecret, String tenantId, String subTenantId) {
    this.apiKey = apiKey;
    this.apiSecret = apiSecret;
    this.tenantId = tenantId;
    this.subTenantId = subTenantId;
  }

  /**
   * Creates the credentials. Each value must be non-blank printable ASCII without surrounding
   * spaces, since it travels in an HTTP header; an error names the bad value's role, never the
   * value itself.
   *
   * @param apiKey the API key, sent as {@code x-api-key}
   * @param apiSecret the API secret, sent as {@code x-api-secret}
   * @param tenantId the tenant id, sent as {@code x-tenant-id}
   * @param subTenantId the sub-tenant id, sent as {@code x-sub-tenant-id}
   * @return the credentials
   * @throws NullPointerException if a value is null
   * @throws IllegalArgumentException if a value is blank or not a valid header value
   */
  public static PartnerCredentials of(
      String apiKey, String apiSecret, String tenantId, String subTenantId) {
    return new PartnerCredentials(
        checkHeaderValue(apiKey, "apiKey"),
        checkHeaderValue(apiSecret, "apiSecret"),
        checkHeaderValue(tenantId, "tenantId"),
        checkHeaderValue(subTenantId, "subTenantId"));
  }

  /** {@return the tenant id sent as {@code x-tenant-id}} */
  public String tenantId() {
    return tenantId;
  }

  /** {@return the sub-tenant id sent as {@code x-sub-tenant-id}} */
  public String subTenantId() {
    return subTenantId;
  }

  /**
   * Writes the four authentication headers.
   *
   * @param header receives each header's name and value
   */
  @Override
  public void writeHeaders(BiConsumer<String, String> header) {
    header.accept(API_KEY_HEADER, apiKey);
    header.accept(API_SECRET_HEADER, apiSecret);
    header.accept(TENANT_ID_HEADER, tenantId);
    header.accept(SUB_TENANT_ID_HEADER, subTenantId);
  }

  /** Describes the credentials with the API key and secret redacted. */
  @Override
  public String toString() {
    return "PartnerCredentials{apiKey=<redacted>, apiSecret=<redacted>, tenantId="
        + tenantId
        + ", subTenantId="
        + subTenantId
        + '}';
  }

  private static String checkHeaderValue(String value, String name) {
    Objects.requireNonNull(value, name + " == null");
    if (value.isBlank()) throw new IllegalArgumentException(name + " must not be blank");
    boolean printable = value.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    if (!printable || !value.strip().equals(value)) {
      // The value is not echoed: it may be a secret.
      throw new IllegalArgumentException(
          name + " must be printable ASCII without leading or trailing spaces");
    }
    return value;
  }
}
