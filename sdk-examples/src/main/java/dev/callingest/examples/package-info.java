/**
 * Sample applications and the README's demo, each runnable against the emulator; the code the
 * guides in {@code docs/} show lives here so that it compiles. Not published.
 */
@NullMarked
package dev.callingest.examples;

import org.jspecify.annotations.NullMarked;
