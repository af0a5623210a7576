/**
 * Small helpers of the {@link dev.callingest.examples.Quickstart} demo: its settings from
 * environment variables, the Upload batch's progress bar and the local callback endpoint.
 */
@NullMarked
package dev.callingest.examples.quickstart;

import org.jspecify.annotations.NullMarked;
