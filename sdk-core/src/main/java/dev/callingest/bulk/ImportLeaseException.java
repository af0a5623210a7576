package dev.callingest.bulk;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A shared import journal belongs to another process: either it holds a live lease on the import
 * when this process tries to start it, or it took the import over after this process's lease
 * expired (this process was paused or cut off longer than the lease), in which case this process
 * may no longer write to the journal and stops.
 */
public final class ImportLeaseException extends ImportJournalException {
  private static final long serialVersionUID = 1L;

  private final String importName;
  private final String holder;
  private final Instant leaseExpiresAt;

  /**
   * Creates the exception.
   *
   * @param message the message, naming the import and when the holder's lease expires
   * @param importName the import's name
   * @param holder the owner id of the process holding the lease
   * @param leaseExpiresAt when the holder's lease expires unless it is renewed
   * @throws NullPointerException if an argument is null
   */
  public ImportLeaseException(
      String message, String importName, String holder, Instant leaseExpiresAt) {
    this(message, importName, holder, leaseExpiresAt, null);
  }

  /**
   * Creates the exception as {@link BulkImporter#run} throws it, with the report of the import it
   * stopped.
   *
   * @param message the message, naming the import and when the holder's lease expires
   * @param importName the import's name
   * @param holder the owner id of the process holding the lease
   * @param leaseExpiresAt when the holder's lease expires unless it is renewed
   * @param report the report of the stopped import, or {@code null} when there is none
   * @throws NullPointerException if an argument other than {@code report} is null
   */
  public ImportLeaseException(
      String message,
      String importName,
      String holder,
      Instant leaseExpiresAt,
      @Nullable ImportReport report) {
    super(message, null, report);
    this.importName = Objects.requireNonNull(importName, "importName == null");
    this.holder = Objects.requireNonNull(holder, "holder == null");
    this.leaseExpiresAt = Objects.requireNonNull(leaseExpiresAt, "leaseExpiresAt == null");
  }

  /** {@return the name of the import} */
  public String importName() {
    return importName;
  }

  /** {@return the owner id of the process that holds the import's lease} */
  public String holder() {
    return holder;
  }

  /** {@return when the holder's lease expires unless the holder renews it} */
  public Instant leaseExpiresAt() {
    return leaseExpiresAt;
  }

  @Override
  ImportLeaseException withReport(ImportReport report) {
    return keepTrace(
        new ImportLeaseException(messageText(), importName, holder, leaseExpiresAt, report));
  }
}
