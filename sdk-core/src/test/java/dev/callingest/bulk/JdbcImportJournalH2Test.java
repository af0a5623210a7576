package dev.callingest.bulk;

import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** {@link JdbcImportJournal} on H2, in memory. */
class JdbcImportJournalH2Test extends JdbcImportJournalContract {
  @Override
  DataSource dataSource() {
    return h2("jdbc:h2:mem:journal;DB_CLOSE_DELAY=-1");
  }

  @Override
  DataSource freshDatabase(int round) {
    return h2("jdbc:h2:mem:race-" + name + "-" + round + ";DB_CLOSE_DELAY=-1");
  }

  private static DataSource h2(String url) {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL(url);
    return dataSource;
  }
}
