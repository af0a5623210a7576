/**
 * A local emulator of the Upload API and the Partner API on loopback, for tests, samples and trying
 * client code without keys or network. Start with {@link dev.callingest.emulator.Emulator}; {@link
 * dev.callingest.emulator.EmulatorMain} runs it standalone. Its validation is written from the API
 * documents and shares no code with the SDK. See {@code docs/emulator.md} for what it decides where
 * the documents are silent.
 *
 * <p>Every parameter and return value in this package is non-null unless its documentation says
 * otherwise; absent values are modelled with {@link java.util.Optional}.
 */
@NullMarked
package dev.callingest.emulator;

import org.jspecify.annotations.NullMarked;
