package dev.callingest.spring;

/**
 * Where a client's pacing keeps its windows and in-flight slots: {@code
 * callingest.upload.pacing.store} and {@code callingest.partner.pacing.store}.
 */
public enum PacingStoreType {
  /** In this client's memory: right for one process (one replica) per account. */
  MEMORY,
  /**
   * In the application's {@code DataSource}, through a {@link
   * dev.callingest.pacing.JdbcPacingStore} shared by every replica that uses the same database and
   * account key.
   */
  JDBC
}
