/**
 * Callback receiver samples: thin adapters that connect {@link
 * dev.callingest.callback.CallbackReceiver} to the JDK's {@code HttpServer} ({@link
 * dev.callingest.examples.receiver.JdkHttpServerReceiver}) and to a Jakarta Servlet container (the
 * published {@link dev.callingest.callback.servlet.CallbackServlet}, run on embedded Jetty 12 by
 * {@link dev.callingest.examples.receiver.JettyReceiver}). See docs/callbacks.md and
 * docs/examples.md.
 */
@NullMarked
package dev.callingest.examples.receiver;

import org.jspecify.annotations.NullMarked;
