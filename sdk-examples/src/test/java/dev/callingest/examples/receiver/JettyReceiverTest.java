package dev.callingest.examples.receiver;

import dev.callingest.callback.CallbackConsumer;
import dev.callingest.callback.CallbackReceiver;
import org.eclipse.jetty.server.Server;

class JettyReceiverTest extends ReceiverContract {
  private Server server;

  @Override
  String start(CallbackReceiver receiver, CallbackConsumer consumer) throws Exception {
    server = JettyReceiver.start("127.0.0.1", 0, "/callbacks", receiver, consumer);
    return "http://127.0.0.1:" + JettyReceiver.port(server) + "/callbacks";
  }

  @Override
  void stop() throws Exception {
    if (server != null) server.stop();
  }
}
