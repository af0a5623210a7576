package dev.callingest.spring;

import dev.callingest.bulk.JdbcImportJournal;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Makes database journals for imports on the application's {@code DataSource}, so that an import
 * interrupted in one replica resumes in any other: {@code
 * client.importer().journal(journals.journal("crm-2026-12"))}. A bean when {@code
 * callingest.imports.jdbc.enabled=true}; its tables are created as {@code
 * callingest.imports.jdbc.initialize-schema} says.
 */
public final class CallingestImportJournals {
  private final DataSource dataSource;

  /**
   * Creates the factory.
   *
   * @param dataSource where the journal tables are
   */
  public CallingestImportJournals(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource == null");
  }

  /**
   * The journal of one import, with the default lease ({@link JdbcImportJournal#of}).
   *
   * @param importName the import's name, 1 to 200 characters, the same in every process that may
   *     run it, such as {@code crm-2026-12}
   * @return the journal
   * @throws IllegalArgumentException if the name is empty or too long
   */
  public JdbcImportJournal journal(String importName) {
    return JdbcImportJournal.of(dataSource, importName);
  }

  /**
   * A builder for a journal with another lease, heartbeat, owner id, clock or fetch size.
   *
   * @param importName the import's name, 1 to 200 characters
   * @return the builder
   */
  public JdbcImportJournal.Builder builder(String importName) {
    return JdbcImportJournal.builder(dataSource, importName);
  }

  /** {@return the data source the journals use} */
  public DataSource dataSource() {
    return dataSource;
  }

  /** Describes the journals by their data source's class, never its URL or credentials. */
  @Override
  public String toString() {
    return "CallingestImportJournals{dataSource=" + dataSource.getClass().getName() + "}";
  }
}
