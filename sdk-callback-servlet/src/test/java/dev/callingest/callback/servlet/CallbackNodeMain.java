package dev.callingest.callback.servlet;

import dev.callingest.callback.CallbackReceiver;
import dev.callingest.callback.CallbackUrlKey;
import dev.callingest.callback.CallbackUrlVerifier;
import dev.callingest.callback.JdbcDeliveryStore;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A receiver node in its own JVM, for the tests that kill a node with SIGKILL while its consumer
 * runs. Arguments: JDBC URL, user, password, table, key id, key secret (base64). It prints {@code
 * URL <endpoint>} once it listens and {@code CONSUMING <call id>} when its consumer starts; the
 * consumer then never returns, so the node holds (and renews) the lease until it is killed.
 */
public final class CallbackNodeMain {
  private CallbackNodeMain() {}

  public static void main(String[] args) throws Exception {
    DataSource dataSource = dataSource(args[0], args[1], args[2]);
    CallbackReceiver receiver =
        CallbackReceiver.builder()
            .verifier(
                CallbackUrlVerifier.builder()
                    .addKey(CallbackUrlKey.fromBase64(args[4], args[5]))
                    .build())
            .deliveryStore(JdbcDeliveryStore.builder(dataSource).tableName(args[3]).build())
            .build();
    CallbackNode node =
        CallbackNode.start(
            receiver,
            (deliveryId, analysis) -> {
              System.out.println("CONSUMING " + analysis.callId());
              System.out.flush();
              Thread.sleep(Long.MAX_VALUE);
            });
    System.out.println("URL " + node.url);
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }

  static DataSource dataSource(String url, String user, String password) {
    if (url.startsWith("jdbc:postgresql:")) {
      PGSimpleDataSource postgres = new PGSimpleDataSource();
      postgres.setUrl(url);
      postgres.setUser(user);
      postgres.setPassword(password);
      return postgres;
    }
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL(url);
    h2.setUser(user);
    h2.setPassword(password);
    return h2;
  }
}
