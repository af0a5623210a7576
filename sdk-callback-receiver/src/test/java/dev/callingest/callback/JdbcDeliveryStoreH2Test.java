package dev.callingest.callback;

import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** {@link JdbcDeliveryStore} on H2, in memory. */
class JdbcDeliveryStoreH2Test extends JdbcDeliveryStoreContract {
  static final String URL = "jdbc:h2:mem:deliveries;DB_CLOSE_DELAY=-1";

  @Override
  DataSource dataSource() {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL(URL);
    return dataSource;
  }

  @Override
  DataSource otherNodesDataSource() {
    return dataSource();
  }

  @Override
  String platform() {
    return "h2";
  }
}
