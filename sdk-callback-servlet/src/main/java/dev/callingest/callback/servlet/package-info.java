/**
 * The Jakarta Servlet adapter of the callback receiver: {@link
 * dev.callingest.callback.servlet.CallbackServlet}. The servlet API is a provided dependency: the
 * container supplies it.
 *
 * <p>Every parameter and return value in this package is non-null unless its documentation says
 * otherwise.
 */
@NullMarked
package dev.callingest.callback.servlet;

import org.jspecify.annotations.NullMarked;
