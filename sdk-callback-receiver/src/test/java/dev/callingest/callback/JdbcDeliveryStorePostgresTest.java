package dev.callingest.callback;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link JdbcDeliveryStore} on a real PostgreSQL server, started from Maven-shipped binaries. */
class JdbcDeliveryStorePostgresTest extends JdbcDeliveryStoreContract {
  static EmbeddedPostgres postgres;

  @BeforeAll
  static void startPostgres() throws IOException {
    postgres = EmbeddedPostgres.start();
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    if (postgres != null) postgres.close();
  }

  @Override
  DataSource dataSource() {
    return postgres.getPostgresDatabase();
  }

  @Override
  DataSource otherNodesDataSource() {
    return postgres.getPostgresDatabase();
  }

  @Override
  String platform() {
    return "postgresql";
  }
}
