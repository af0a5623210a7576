package dev.callingest.callback.servlet;

import java.sql.SQLException;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Two nodes on one H2 database, served over TCP so that a forked node reaches it too. */
class TwoNodeCallbackH2Test extends TwoNodeCallbackContract {
  static Server h2;

  @BeforeAll
  static void startH2() throws SQLException {
    h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
  }

  @AfterAll
  static void stopH2() {
    if (h2 != null) h2.stop();
  }

  @Override
  String jdbcUrl() {
    return "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/mem:two_nodes;DB_CLOSE_DELAY=-1";
  }

  @Override
  String user() {
    return "sa";
  }

  @Override
  String password() {
    return "";
  }
}
