package dev.callingest.internal;

import java.io.IOException;

/**
 * Reads a successful (2xx) response into a model. Throwing {@link IOException} or Moshi's {@code
 * JsonDataException} makes the transport raise {@code MalformedResponseException}; a parser may
 * also throw a {@code CallingestException} of its own, for an API that reports errors inside a 2xx
 * body.
 */
@FunctionalInterface
public interface ResponseParser<T> {
  T parse(RawResponse response) throws IOException;
}
