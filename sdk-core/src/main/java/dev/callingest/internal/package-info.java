/**
 * Implementation shared by the API packages: the HTTP transport, retries, JSON plumbing and the
 * Immutables style. Not part of the public API: anything here may change in any release without
 * notice. Do not use it from application code.
 */
@NullMarked
package dev.callingest.internal;

import org.jspecify.annotations.NullMarked;
