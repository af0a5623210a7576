/**
 * Implementation shared by {@code callingest-analysis}, {@code callingest-core} and the callback
 * receiver: the byte-level JSON reader of the hot parse paths. Not part of the public API: anything
 * here may change in any release without notice. Do not use it from application code.
 */
@NullMarked
package dev.callingest.analysis.internal;

import org.jspecify.annotations.NullMarked;
