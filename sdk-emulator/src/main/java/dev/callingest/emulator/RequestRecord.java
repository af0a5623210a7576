package dev.callingest.emulator;

import java.time.Instant;
import java.util.Optional;

/**
 * One API request the emulator received, and how it answered.
 *
 * @param at when the request was read (the emulator's clock)
 * @param method the HTTP method
 * @param path the request path, without the query
 * @param status the HTTP status answered, or 0 when the connection was dropped
 * @param fault the injected fault, if any
 */
public record RequestRecord(
    Instant at, String method, String path, int status, Optional<Fault> fault) {}
