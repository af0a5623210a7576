package dev.callingest.spring;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * callingest.callback.*: the callback endpoint. Set exactly one scheme: {@code
 * webhook-secrets} (Standard Webhooks signatures) or url-keys (capability URLs signed with
 * CallbackUrlSigner). Several secrets or keys may be listed while one is being rotated.
 *
 * @param enabled whether the starter configures the callback receiver and endpoint at all
 * @param path where the endpoint is mounted, relative to the servlet context
 * @param webhookSecrets Standard Webhooks secrets, whsec_ and base64; a signature made with
 *     any of them is accepted
 * @param webhookTolerance how far a webhook-timestamp may be from now
 * @param urlKeys capability-URL keys; a token made with any of them is accepted
 * @param urlSkew the clock skew allowed when checking a capability URL's expiry
 * @param maxBodySize the largest body accepted; a larger one is refused with 413 before it is read
 * @param deduplicationTtl how long handled delivery ids are remembered, at least twice the tolerance
 *     or skew
 */
@ConfigurationProperties("callingest.callback")
public record CallbackProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("/callbacks") String path,
    @DefaultValue List<String> webhookSecrets,
    @DefaultValue("5m") Duration webhookTolerance,
    @DefaultValue List<UrlKey> urlKeys,
    @DefaultValue("1m") Duration urlSkew,
    @DefaultValue("1MB") DataSize maxBodySize,
    @DefaultValue("24h") Duration deduplicationTtl) {

  /**
   * One capability-URL key.
   *
   * @param id the key's id, carried in each signed URL so that the right key is used
   * @param secret the key, base64, at least 16 bytes once decoded
   */
  public record UrlKey(String id, String secret) {
    /** Describes the key; the secret is redacted. */
    @Override
    public String toString() {
      return "UrlKey{id=" + id + ", secret=" + ClientSettings.redacted(secret) + "}";
    }
  }

  /** Describes the properties; secrets are counted, never shown. */
  @Override
  public String toString() {
    return "CallbackProperties{enabled=" + enabled + ", path=" + path
        + ", webhookSecrets=" + webhookSecrets.size() + " redacted"
        + ", webhookTolerance=" + webhookTolerance + ", urlKeys=" + urlKeys
        + ", urlSkew=" + urlSkew + ", maxBodySize=" + maxBodySize
        + ", deduplicationTtl=" + deduplicationTtl + "}";
  }
}
