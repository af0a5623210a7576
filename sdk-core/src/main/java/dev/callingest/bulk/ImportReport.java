package dev.callingest.bulk;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The sum of an import: how many calls ended in each {@link OutcomeKind}. The counts always add up to
 * {@link #read()}.
 */
public final class ImportReport {
  private final long read;
  private final Map<OutcomeKind, Long> counts;
  private final long possibleDuplicates;
  private final Duration elapsed;
  private final boolean cancelled;
  private final long preflightRefused;

  ImportReport(
      long read, Map<OutcomeKind, Long> counts, long possibleDuplicates, Duration elapsed, boolean cancelled) {
    this(read, counts, possibleDuplicates, elapsed, cancelled, 0);
  }

  ImportReport(long read, Map<OutcomeKind, Long> counts, long possibleDuplicates, Duration elapsed,
      boolean cancelled, long preflightRefused) {
    this.preflightRefused = preflightRefused;
    this.read = read;
    this.counts = new EnumMap<>(counts);
    this.possibleDuplicates = possibleDuplicates;
    this.elapsed = elapsed;
    this.cancelled = cancelled;
  }

  /** {@return the number of calls read from the input} */
  public long read() {
    return read;
  }

  /**
   * {@return how many calls ended in {@code kind}}
   *
   * @param kind the outcome kind
   */
  public long count(OutcomeKind kind) {
    return counts.getOrDefault(kind, 0L);
  }

  /** {@return calls accepted and not waited for} */
  public long accepted() {
    return count(OutcomeKind.ACCEPTED);
  }

  /** {@return calls rejected before sending} */
  public long rejected() {
    return count(OutcomeKind.REJECTED);
  }

  /** {@return calls that are not on the server: refused, or never processed when retries ran out} */
  public long failed() {
    return count(OutcomeKind.FAILED);
  }

  /** {@return calls that may or may not be on the server ({@link OutcomeKind#IN_DOUBT})} */
  public long inDoubt() {
    return count(OutcomeKind.IN_DOUBT);
  }

  /**
   * {@return calls on the server that may be there twice ({@link CallOutcome#possibleDuplicate()}),
   * whether sent in this run or skipped as accepted with that flag in an earlier one}
   */
  public long possibleDuplicates() {
    return possibleDuplicates;
  }

  /**
   * {@return calls the {@linkplain BulkImporter.Builder#preflight recording preflight} refused, so
   * that they cost none of the API's budget; they are among the {@link #rejected()} calls}
   */
  public long preflightRefused() {
    return preflightRefused;
  }

  /** {@return the time the import took} */
  public Duration elapsed() {
    return elapsed;
  }

  /** {@return whether the import was cancelled before the input ended} */
  public boolean cancelled() {
    return cancelled;
  }

  @Override
  public String toString() {
    StringBuilder result = new StringBuilder("ImportReport{read=").append(read);
    for (OutcomeKind kind : OutcomeKind.values()) {
      long count = count(kind);
      if (count > 0) result.append(", ").append(kind.name().toLowerCase(Locale.ROOT)).append('=').append(count);
    }
    if (possibleDuplicates > 0) result.append(", possibleDuplicates=").append(possibleDuplicates);
    if (preflightRefused > 0) result.append(", preflightRefused=").append(preflightRefused);
    if (cancelled) result.append(", cancelled");
    return result.append(", elapsed=").append(elapsed).append('}').toString();
  }
}
