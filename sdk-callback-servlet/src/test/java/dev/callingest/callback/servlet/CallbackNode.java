package dev.callingest.callback.servlet;

import dev.callingest.callback.CallbackConsumer;
import dev.callingest.callback.CallbackReceiver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** One receiver node: the CallbackServlet on its own Jetty, on a free loopback port. */
final class CallbackNode implements AutoCloseable {
  private final Server server;

  /** The endpoint, without the callback URL's query. */
  final String url;

  /** "KIND status" of every outcome, in order. */
  final List<String> outcomes;

  private CallbackNode(Server server, String url, List<String> outcomes) {
    this.server = server;
    this.url = url;
    this.outcomes = outcomes;
  }

  static CallbackNode start(CallbackReceiver receiver, CallbackConsumer consumer) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    List<String> outcomes = new CopyOnWriteArrayList<>();
    context.addServlet(
        new ServletHolder(
            new CallbackServlet(
                receiver,
                consumer,
                outcome -> outcomes.add(outcome.kind() + " " + outcome.statusCode()))),
        "/callbacks");
    server.setHandler(context);
    server.start();
    String url = "http://127.0.0.1:" + connector.getLocalPort() + "/callbacks";
    return new CallbackNode(server, url, outcomes);
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
