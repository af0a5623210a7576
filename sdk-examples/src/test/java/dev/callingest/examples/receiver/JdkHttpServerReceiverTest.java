package dev.callingest.examples.receiver;

import com.sun.net.httpserver.HttpServer;
import dev.callingest.callback.CallbackConsumer;
import dev.callingest.callback.CallbackReceiver;
import java.net.InetAddress;
import java.net.InetSocketAddress;

class JdkHttpServerReceiverTest extends ReceiverContract {
  private HttpServer server;

  @Override
  String start(CallbackReceiver receiver, CallbackConsumer consumer) throws Exception {
    server =
        JdkHttpServerReceiver.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            "/callbacks",
            receiver,
            consumer);
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/callbacks";
  }

  @Override
  void stop() {
    if (server != null) server.stop(0);
  }
}
