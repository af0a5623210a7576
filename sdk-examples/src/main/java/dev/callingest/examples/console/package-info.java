/**
 * What the sample programs share for their console output: one progress bar that redraws itself on
 * a terminal and prints plain lines when the output goes to a file or a pipe.
 */
@NullMarked
package dev.callingest.examples.console;

import org.jspecify.annotations.NullMarked;
