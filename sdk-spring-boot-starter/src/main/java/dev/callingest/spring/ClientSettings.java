package dev.callingest.spring;

import dev.callingest.ClientOptions;
import dev.callingest.Credentials;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** What both clients' properties have in common, applied to {@link ClientOptions} in one place. */
interface ClientSettings {
  String baseUrl();

  Duration connectTimeout();

  Duration readTimeout();

  Duration writeTimeout();

  Duration callTimeout();

  @Nullable Duration deadline();

  int maxRetries();

  Duration initialBackoff();

  Duration maxBackoff();

  Duration maxRetryAfter();

  boolean retryInDoubtRequests();

  @Nullable String appInfo();

  /**
   * The options these properties describe. Each setting goes through the builder's own checks; a
   * refusal becomes a {@link CallingestConfigurationException} naming the property under {@code
   * prefix}.
   */
  default ClientOptions.Builder toOptions(String prefix, Credentials credentials) {
    ClientOptions.Builder options = ClientOptions.builder().credentials(credentials);
    set(prefix + ".base-url", () -> options.baseUrl(baseUrl()));
    set(prefix + ".connect-timeout", () -> options.connectTimeout(connectTimeout()));
    set(prefix + ".read-timeout", () -> options.readTimeout(readTimeout()));
    set(prefix + ".write-timeout", () -> options.writeTimeout(writeTimeout()));
    set(prefix + ".call-timeout", () -> options.callTimeout(callTimeout()));
    set(prefix + ".deadline", () -> options.deadline(deadline()));
    set(prefix + ".max-retries", () -> options.maxRetries(maxRetries()));
    set(prefix + ".initial-backoff", () -> options.backoff(initialBackoff(), initialBackoff()));
    set(prefix + ".max-backoff", () -> options.backoff(initialBackoff(), maxBackoff()));
    set(prefix + ".max-retry-after", () -> options.maxRetryAfter(maxRetryAfter()));
    options.retryInDoubtRequests(retryInDoubtRequests());
    String appInfo = appInfo();
    if (appInfo != null && !appInfo.isBlank()) {
      set(prefix + ".app-info", () -> options.appInfo(appInfo));
    }
    return options;
  }

  private static void set(String property, Runnable apply) {
    Checks.setting(property, Checks.fix(property), apply);
  }

  /** Redacts a secret for {@code toString()}: whether it is set, never its value. */
  static String redacted(@Nullable String secret) {
    return secret == null || secret.isEmpty() ? "<unset>" : "<redacted>";
  }

  /** The shared part of the properties' {@code toString()}. */
  default String describe() {
    return "baseUrl="
        + baseUrl()
        + ", connectTimeout="
        + connectTimeout()
        + ", readTimeout="
        + readTimeout()
        + ", writeTimeout="
        + writeTimeout()
        + ", callTimeout="
        + callTimeout()
        + ", deadline="
        + deadline()
        + ", maxRetries="
        + maxRetries()
        + ", initialBackoff="
        + initialBackoff()
        + ", maxBackoff="
        + maxBackoff()
        + ", maxRetryAfter="
        + maxRetryAfter()
        + ", retryInDoubtRequests="
        + retryInDoubtRequests()
        + ", appInfo="
        + appInfo();
  }
}
