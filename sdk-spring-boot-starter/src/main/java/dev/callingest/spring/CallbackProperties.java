package dev.callingest.spring;

import dev.callingest.callback.CallbackUrlKey;
import dev.callingest.callback.JdbcDeliveryStore;
import dev.callingest.callback.StandardWebhooksVerifier;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.util.unit.DataSize;

/**
 * callingest.callback.*: the callback endpoint. Set exactly one scheme: {@code webhook-secrets}
 * (Standard Webhooks signatures) or url-keys (capability URLs signed with CallbackUrlSigner).
 * Several secrets or keys may be listed while one is being rotated. The values are checked as they
 * are bound, so a malformed secret or key stops the application before its web server starts, with
 * a report naming the property (never its value).
 *
 * @param enabled whether the starter configures the callback receiver and endpoint at all
 * @param path where the endpoint is mounted, relative to the servlet context; starts with /
 * @param webhookSecrets Standard Webhooks secrets, whsec_ and base64; a signature made with any of
 *     them is accepted
 * @param webhookTolerance how far a webhook-timestamp may be from now
 * @param urlKeys capability-URL keys; a token made with any of them is accepted
 * @param urlSkew the clock skew allowed when checking a capability URL's expiry
 * @param maxBodySize the largest body accepted, from 1B to 2GB; a larger one is refused with 413
 *     before it is read
 * @param deduplicationTtl how long handled delivery ids are remembered, at least twice the
 *     tolerance or skew
 * @param jdbc the delivery store in the application's database
 */
@ConfigurationProperties(prefix = CallbackProperties.PREFIX, ignoreUnknownFields = false)
public record CallbackProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("/callbacks") String path,
    @DefaultValue List<String> webhookSecrets,
    @DefaultValue("5m") Duration webhookTolerance,
    @DefaultValue List<UrlKey> urlKeys,
    @DefaultValue("1m") Duration urlSkew,
    @DefaultValue("1MB") DataSize maxBodySize,
    @DefaultValue("24h") Duration deduplicationTtl,
    @DefaultValue Jdbc jdbc) {

  /** The properties' prefix. */
  public static final String PREFIX = "callingest.callback";

  /**
   * Checks every value as it is bound.
   *
   * @throws CallingestConfigurationException naming the first property that cannot work
   */
  public CallbackProperties {
    if (!path.startsWith("/")) {
      throw new CallingestConfigurationException(
          PREFIX + ".path",
          "it must start with /",
          "Set " + PREFIX + ".path to a path such as /callbacks.");
    }
    if (!webhookSecrets.isEmpty() && !urlKeys.isEmpty()) {
      throw new CallingestConfigurationException(
          PREFIX + ".url-keys",
          "both "
              + PREFIX
              + ".webhook-secrets and "
              + PREFIX
              + ".url-keys are set, and a"
              + " callback endpoint verifies one scheme",
          "Keep "
              + PREFIX
              + ".webhook-secrets if the sender signs with Standard Webhooks, or "
              + PREFIX
              + ".url-keys if your callback URLs are signed; remove the other.");
    }
    StandardWebhooksVerifier.Builder webhooks = StandardWebhooksVerifier.builder();
    Checks.setting(
        PREFIX + ".webhook-tolerance",
        Checks.fix(PREFIX + ".webhook-tolerance"),
        () -> webhooks.tolerance(webhookTolerance));
    for (int i = 0; i < webhookSecrets.size(); i++) {
      String secret = webhookSecrets.get(i);
      Checks.setting(
          PREFIX + ".webhook-secrets[" + i + "]",
          "Set it to the secret the sender signs with, as it gives it (whsec_ and base64).",
          () -> webhooks.addSecret(secret));
    }
    for (int i = 0; i < urlKeys.size(); i++) {
      String property = PREFIX + ".url-keys[" + i + "]";
      String action =
          "Set "
              + property
              + ".id and "
              + property
              + ".secret (base64, at least 16"
              + " bytes once decoded), as given to CallbackUrlSigner.";
      String id = urlKeys.get(i).id();
      String secret = urlKeys.get(i).secret();
      if (id == null || secret == null) {
        throw new CallingestConfigurationException(
            property + (id == null ? ".id" : ".secret"), "it is not set", action);
      }
      Checks.value(property, action, () -> CallbackUrlKey.fromBase64(id, secret));
    }
    if (urlSkew.isNegative()) {
      throw new CallingestConfigurationException(
          PREFIX + ".url-skew", "it must not be negative", Checks.fix(PREFIX + ".url-skew"));
    }
    long maxBody = maxBodySize.toBytes();
    if (maxBody < 1 || maxBody > Integer.MAX_VALUE) {
      throw new CallingestConfigurationException(
          PREFIX + ".max-body-size",
          "it must be from 1B to 2GB",
          Checks.fix(PREFIX + ".max-body-size"));
    }
    if (deduplicationTtl.isNegative() || deduplicationTtl.isZero()) {
      throw new CallingestConfigurationException(
          PREFIX + ".deduplication-ttl",
          "it must be positive",
          Checks.fix(PREFIX + ".deduplication-ttl"));
    }
  }

  /** {@return whether a verification scheme is set: webhook secrets or URL keys} */
  boolean hasScheme() {
    return !webhookSecrets.isEmpty() || !urlKeys.isEmpty();
  }

  /**
   * One capability-URL key.
   *
   * @param id the key's id, carried in each signed URL so that the right key is used
   * @param secret the key, base64, at least 16 bytes once decoded
   */
  public record UrlKey(@Nullable String id, @Nullable String secret) {
    /** Describes the key; the secret is redacted. */
    @Override
    public String toString() {
      return "UrlKey{id=" + id + ", secret=" + ClientSettings.redacted(secret) + "}";
    }
  }

  /**
   * {@code callingest.callback.jdbc.*}: the delivery store in the application's {@code DataSource}
   * (used when there is exactly one, or one marked {@code @Primary}), and the creation of its table
   * by Spring Boot's script-based initialization, as Spring Batch and Spring Session JDBC do.
   *
   * @param enabled whether the store uses the application's DataSource; false keeps it in memory
   * @param table the table's name, optionally schema.table; a name other than the default needs
   *     your own schema script
   * @param initializeSchema when to create the table at startup: embedded (only on an embedded
   *     database such as H2 in memory), always, or never (Flyway, Liquibase or a DBA creates it)
   * @param schema the location of the script that creates the table; @@platform@@ stands for the
   *     database, detected from the DataSource
   * @param platform the database for @@platform@@ when detection is not wanted, such as postgresql
   * @param continueOnError whether startup goes on when the script fails (for instance because
   *     another instance created the table at the same moment)
   */
  public record Jdbc(
      @DefaultValue("true") boolean enabled,
      @DefaultValue(JdbcDeliveryStore.DEFAULT_TABLE) String table,
      @DefaultValue("embedded") DatabaseInitializationMode initializeSchema,
      @DefaultValue(CallingestSchemas.CALLBACK) String schema,
      @Nullable String platform,
      @DefaultValue("true") boolean continueOnError)
      implements CallingestSchemas.Settings {}

  /** Describes the properties; secrets are counted, never shown. */
  @Override
  public String toString() {
    return "CallbackProperties{enabled="
        + enabled
        + ", path="
        + path
        + ", webhookSecrets="
        + webhookSecrets.size()
        + " redacted"
        + ", webhookTolerance="
        + webhookTolerance
        + ", urlKeys="
        + urlKeys
        + ", urlSkew="
        + urlSkew
        + ", maxBodySize="
        + maxBodySize
        + ", deduplicationTtl="
        + deduplicationTtl
        + ", jdbc="
        + jdbc
        + "}";
  }
}
