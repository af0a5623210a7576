package dev.callingest.examples.receiver;

import dev.callingest.callback.CallbackConsumer;
import dev.callingest.callback.CallbackReceiver;
import dev.callingest.callback.servlet.CallbackServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Runs the published {@link CallbackServlet} (artifact {@code callingest-callback-servlet}) on
 * embedded Jetty 12 (Jakarta EE 10 servlets).
 *
 * <pre>
 * CALLINGEST_WEBHOOK_SECRET=whsec_... java ... JettyReceiver --port=8090
 * </pre>
 */
public final class JettyReceiver {
  private JettyReceiver() {}

  /**
   * Starts Jetty on {@code host} and {@code port} with the servlet mounted at {@code path}.
   *
   * @param host the interface to bind, such as {@code 127.0.0.1} or {@code 0.0.0.0}
   * @param port the port; 0 lets the system choose (read it back with {@link #port(Server)})
   * @param path the servlet's path, such as {@code /callbacks}
   * @param receiver verifies, parses and de-duplicates the callbacks
   * @param consumer your handling of each new, authentic callback
   * @return the started server; {@code stop()} it when done
   * @throws Exception when Jetty cannot start, for instance when the port is taken
   */
  public static Server start(
      String host, int port, String path, CallbackReceiver receiver, CallbackConsumer consumer)
      throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(new CallbackServlet(receiver, consumer)), path);
    server.setHandler(context);
    server.start();
    return server;
  }

  /**
   * The port a started server listens on.
   *
   * @param server a server from {@link #start}
   * @return the local port
   */
  public static int port(Server server) {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /**
   * Receives callbacks at {@code http://0.0.0.0:PORT/callbacks} and prints each one, until killed.
   * Same flags and environment variables as {@link JdkHttpServerReceiver#main}.
   *
   * @param args {@code --port=N}, {@code --scheme=standard-webhooks|callback-url}
   * @throws Exception when Jetty cannot start
   */
  public static void main(String[] args) throws Exception {
    ReceiverConfig config = ReceiverConfig.parseOrExit(args, System.getenv());
    Server server =
        start("0.0.0.0", config.port(), "/callbacks", config.receiver(), ReceiverConfig.PRINT);
    System.out.println(
        "Receiving callbacks ("
            + config.scheme()
            + ") on Jetty at http://localhost:"
            + port(server)
            + "/callbacks; Ctrl-C to stop");
    server.join();
  }
}
