package dev.callingest.examples.quickstart;

import dev.callingest.ClientOptions;
import dev.callingest.partner.PartnerClient;
import dev.callingest.partner.PartnerCredentials;
import dev.callingest.upload.UploadClient;
import dev.callingest.upload.UploadCredentials;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the quickstart sends its calls, read from environment variables. Each API uses the real
 * endpoint when its API key is set, and the local emulator otherwise:
 *
 * <ul>
 *   <li>Upload API: {@code CALLINGEST_UPLOAD_API_KEY}, {@code CALLINGEST_UPLOAD_BASE_URL} (default
 *       {@value UploadClient#PRODUCTION_BASE_URL}), {@code CALLINGEST_USER_EMAIL} (a member of your
 *       team) and {@code CALLINGEST_RECORDING_URL}.
 *   <li>Partner API: {@code CALLINGEST_PARTNER_API_KEY}, {@code CALLINGEST_PARTNER_API_SECRET},
 *       {@code CALLINGEST_PARTNER_TENANT_ID}, {@code CALLINGEST_PARTNER_SUB_TENANT_ID}, {@code
 *       CALLINGEST_PARTNER_BASE_URL} (default {@value PartnerClient#PRODUCTION_BASE_URL}), {@code
 *       CALLINGEST_CALLBACK_PUBLIC_URL} (an https URL forwarded to the local receiver), {@code
 *       CALLINGEST_CALLBACK_PORT} (the receiver's loopback port, default 8090) and {@code
 *       CALLINGEST_RECORDING_URL}.
 * </ul>
 *
 * <p>{@code CALLINGEST_RECORDING_URL} is a publicly reachable MP3, WAV, M4A or AAC file used for
 * every sample call. Secrets stay inside the {@link ClientOptions}, whose {@code toString} hides
 * them.
 */
public final class DemoSettings {
  private final Optional<ClientOptions> upload;
  private final Optional<ClientOptions> partner;
  private final Optional<String> userEmail;
  private final Optional<String> recordingUrl;
  private final Optional<String> callbackPublicUrl;
  private final int callbackPort;

  private DemoSettings(Map<String, String> env) {
    Optional<String> uploadKey = value(env, "CALLINGEST_UPLOAD_API_KEY");
    Optional<String> partnerKey = value(env, "CALLINGEST_PARTNER_API_KEY");
    this.upload =
        uploadKey.map(
            key ->
                ClientOptions.builder()
                    .baseUrl(
                        value(env, "CALLINGEST_UPLOAD_BASE_URL")
                            .orElse(UploadClient.PRODUCTION_BASE_URL))
                    .credentials(UploadCredentials.of(key))
                    .build());
    this.partner =
        partnerKey.map(
            key ->
                ClientOptions.builder()
                    .baseUrl(
                        value(env, "CALLINGEST_PARTNER_BASE_URL")
                            .orElse(PartnerClient.PRODUCTION_BASE_URL))
                    .credentials(
                        PartnerCredentials.of(
                            key,
                            required(env, "CALLINGEST_PARTNER_API_SECRET"),
                            required(env, "CALLINGEST_PARTNER_TENANT_ID"),
                            required(env, "CALLINGEST_PARTNER_SUB_TENANT_ID")))
                    .build());
    this.userEmail = uploadKey.map(k -> required(env, "CALLINGEST_USER_EMAIL"));
    this.recordingUrl =
        uploadKey.or(() -> partnerKey).map(k -> required(env, "CALLINGEST_RECORDING_URL"));
    this.callbackPublicUrl = partnerKey.map(k -> required(env, "CALLINGEST_CALLBACK_PUBLIC_URL"));
    this.callbackPort =
        partnerKey.isEmpty()
            ? 0
            : Integer.parseInt(value(env, "CALLINGEST_CALLBACK_PORT").orElse("8090"));
  }

  /**
   * Reads the settings.
   *
   * @param env environment variables, normally {@code System.getenv()}
   * @return the settings; with none of the variables set, everything runs on the emulator
   * @throws IllegalArgumentException when an API key is set but a variable it needs is not; the
   *     message names the variable, never a value
   */
  public static DemoSettings from(Map<String, String> env) {
    return new DemoSettings(Objects.requireNonNull(env, "env == null"));
  }

  /**
   * The real Upload API's options, when its key is set.
   *
   * @return the options, or empty to use the emulator
   */
  public Optional<ClientOptions> upload() {
    return upload;
  }

  /**
   * The real Partner API's options, when its key is set.
   *
   * @return the options, or empty to use the emulator
   */
  public Optional<ClientOptions> partner() {
    return partner;
  }

  /**
   * Whether at least one API runs on the local emulator.
   *
   * @return true unless both API keys are set
   */
  public boolean needsEmulator() {
    return upload.isEmpty() || partner.isEmpty();
  }

  /**
   * The user email for the Upload API's calls, required with the real Upload API.
   *
   * @return the email, or empty on the emulator
   */
  public Optional<String> userEmail() {
    return userEmail;
  }

  /**
   * The publicly reachable recording used by every sample call on a real endpoint.
   *
   * @return the URL, or empty when both APIs run on the emulator
   */
  public Optional<String> recordingUrl() {
    return recordingUrl;
  }

  /**
   * The public https URL that reaches the local callback receiver, for the real Partner API.
   *
   * @return the URL, or empty on the emulator
   */
  public Optional<String> callbackPublicUrl() {
    return callbackPublicUrl;
  }

  /**
   * The loopback port of the callback receiver.
   *
   * @return 0 (any free port) on the emulator, else {@code CALLINGEST_CALLBACK_PORT} or 8090
   */
  public int callbackPort() {
    return callbackPort;
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
  }

  private static String required(Map<String, String> env, String name) {
    return value(env, name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    name + " must be set to use the real endpoint (see Quickstart's Javadoc)"));
  }
}
