package dev.callingest.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.FakeTime;
import dev.callingest.pacing.PacingStore.Reservation;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The contract on H2, in memory, through the same SQL as PostgreSQL. */
class JdbcPacingStoreH2Test extends PacingStoreContract {
  private final JdbcDataSource dataSource = new JdbcDataSource();

  {
    dataSource.setURL("jdbc:h2:mem:pacing-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
  }

  @Override
  PacingStore store(FakeTime time) {
    return JdbcPacingStore.builder(dataSource).clock(time).lease(LEASE).build();
  }

  @Test
  void theDatabasesClockIsTheDefault() throws Exception {
    PacingStore onDatabaseTime = JdbcPacingStore.builder(dataSource).build();
    Reservation a = onDatabaseTime.reserve(account, first(1, 0));
    onDatabaseTime.settle(account, a.entryId(), true);

    assertThat(onDatabaseTime.used(account, BATCHES)).isEqualTo(1);
    assertThat(onDatabaseTime.reserve(account, first(1, 0)).granted()).isTrue();
  }

  @Test
  void twoStoresCreatingTheSchemaAtOnceBothWork() throws Exception {
    JdbcPacingStore one = JdbcPacingStore.builder(dataSource).tablePrefix("p2").clock(time).build();
    JdbcPacingStore two = JdbcPacingStore.builder(dataSource).tablePrefix("p2").clock(time).build();
    Thread other = new Thread(() -> two.reserve(account, first(1, 0)));
    other.start();
    one.reserve(account, first(1, 0));
    other.join(20_000);

    assertThat(one.used(account, BATCHES)).isEqualTo(2);
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE p2_entry");
    }
  }

  @Test
  void aFailureSaysThePacingStoreFailedWithoutTheDatabasesMessage() throws SQLException {
    JdbcPacingStore store =
        JdbcPacingStore.builder(dataSource)
            .tablePrefix("p3")
            .clock(time)
            .createSchema(false)
            .build();

    PacingStoreException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            PacingStoreException.class, () -> store.reserve(account, first(1, 0)));

    assertThat(e).hasMessageStartingWith("the pacing store could not reserve (SQLState 42S0");
    assertThat(e.getCause()).isInstanceOf(SQLException.class);
  }
}
