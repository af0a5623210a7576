/**
 * The shared surface of callingest-java: client options, per-request options, the event listener
 * and the exception hierarchy used by both API clients.
 *
 * <p>The two APIs live in their own packages beside this one: {@code dev.callingest.upload} for the
 * Upload API and {@code dev.callingest.partner} for the Partner API.
 *
 * <p>Every parameter, return value and field in this package is non-null unless its documentation
 * says otherwise; absent values are modelled with {@link java.util.Optional}.
 */
@NullMarked
package dev.callingest;

import org.jspecify.annotations.NullMarked;
