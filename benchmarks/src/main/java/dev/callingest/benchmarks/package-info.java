/**
 * JMH benchmarks of callingest-java against the libraries users would otherwise pick; run them with
 * {@code benchmarks/run}. Not published.
 */
@NullMarked
package dev.callingest.benchmarks;

import org.jspecify.annotations.NullMarked;
