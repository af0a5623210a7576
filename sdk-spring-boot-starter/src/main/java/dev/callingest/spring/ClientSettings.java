package dev.callingest.spring;

import dev.callingest.ClientOptions;
import dev.callingest.Credentials;
import java.time.Duration;

/** What both clients' properties have in common, applied to {@link ClientOptions} in one place. */
interface ClientSettings {
  String baseUrl();

  Duration connectTimeout();

  Duration readTimeout();

  Duration writeTimeout();

  Duration callTimeout();

  Duration deadline();

  int maxRetries();

  Duration initialBackoff();

  Duration maxBackoff();

  Duration maxRetryAfter();

  boolean retryInDoubtRequests();

  String appInfo();

  /** The options these properties describe; the builder's own checks reject bad values. */
  default ClientOptions.Builder toOptions(Credentials credentials) {
    ClientOptions.Builder options = ClientOptions.builder()
        .baseUrl(baseUrl())
        .credentials(credentials)
        .connectTimeout(connectTimeout())
        .readTimeout(readTimeout())
        .writeTimeout(writeTimeout())
        .callTimeout(callTimeout())
        .deadline(deadline())
        .maxRetries(maxRetries())
        .backoff(initialBackoff(), maxBackoff())
        .maxRetryAfter(maxRetryAfter())
        .retryInDoubtRequests(retryInDoubtRequests());
    if (appInfo() != null && !appInfo().isBlank()) options.appInfo(appInfo());
    return options;
  }

  /** Redacts a secret for {@code toString()}: whether it is set, never its value. */
  static String redacted(String secret) {
    return secret == null || secret.isEmpty() ? "<unset>" : "<redacted>";
  }

  /** The shared part of the properties' {@code toString()}. */
  default String describe() {
    return "baseUrl=" + baseUrl() + ", connectTimeout=" + connectTimeout()
        + ", readTimeout=" + readTimeout() + ", writeTimeout=" + writeTimeout()
        + ", callTimeout=" + callTimeout() + ", deadline=" + deadline()
        + ", maxRetries=" + maxRetries() + ", initialBackoff=" + initialBackoff()
        + ", maxBackoff=" + maxBackoff() + ", maxRetryAfter=" + maxRetryAfter()
        + ", retryInDoubtRequests=" + retryInDoubtRequests() + ", appInfo=" + appInfo();
  }
}
