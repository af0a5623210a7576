package dev.callingest;

import java.util.function.BiConsumer;

/**
 * How a client authenticates: each API supplies its own kind ({@code UploadCredentials}, {@code
 * PartnerCredentials}). The transport asks for the headers on every attempt and never logs them.
 *
 * <p>Implementations must keep every secret out of {@link Object#toString()}.
 */
public interface Credentials {
  /**
   * Writes the authentication headers of one request.
   *
   * @param header receives each header's name and value
   */
  void writeHeaders(BiConsumer<String, String> header);
}
