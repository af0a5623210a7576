/**
 * The call analysis that the Partner API posts to a callback URL: {@link
 * dev.callingest.analysis.CallAnalysis} and its parts, read from and written to JSON. This package
 * is its own artifact, {@code callingest-analysis}, so that a service that only receives callbacks
 * (with {@code callingest-callback-receiver}) needs neither OkHttp nor resilience4j; {@code
 * callingest-core} depends on it too, so there is one model either way.
 *
 * <p>Every parameter, return value and field in this package is non-null unless its documentation
 * says otherwise; absent values are modelled with {@link java.util.Optional}.
 */
// The project's one Immutables style (dev.callingest.internal.ModelStyle in callingest-core),
// written out here because this module does not depend on core.
@Value.Style(
    visibility = Value.Style.ImplementationVisibility.PACKAGE,
    overshadowImplementation = true,
    jdkOnly = true,
    stagedBuilder = false,
    get = {"is*", "get*"},
    defaults = @Value.Immutable(copy = true, prehash = false),
    allowedClasspathAnnotations = {Override.class})
@NullMarked
package dev.callingest.analysis;

import org.immutables.value.Value;
import org.jspecify.annotations.NullMarked;
