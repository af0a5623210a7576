package dev.callingest.upload;

import dev.callingest.Credentials;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * The Upload API's credentials: an API key sent as {@code Authorization: Bearer <key>}. The key
 * never appears in {@link #toString()} or in any exception message.
 */
public final class UploadCredentials implements Credentials {
  private final String apiKey;

  private UploadCredentials(String apiKey) {
    this.apiKey = apiKey;
  }

  /**
   * Creates credentials from an API key.
   *
   * @param apiKey the key, printable ASCII without spaces
   * @return the credentials
   * @throws IllegalArgumentException if the key is empty or holds spaces or control characters (the
   *     message never repeats the key)
   */
  public static UploadCredentials of(String apiKey) {
    Objects.requireNonNull(apiKey, "apiKey == null");
    if (apiKey.isEmpty() || !apiKey.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException(
          "apiKey must be non-empty printable ASCII without spaces (value not shown)");
    }
    return new UploadCredentials(apiKey);
  }

  /**
   * Writes the {@code Authorization} header.
   *
   * @param header receives the header's name and value
   */
  @Override
  public void writeHeaders(BiConsumer<String, String> header) {
    header.accept("Authorization", "Bearer " + apiKey);
  }

  /** Returns a description with the key redacted. */
  @Override
  public String toString() {
    return "UploadCredentials{apiKey=<redacted>}";
  }
}
