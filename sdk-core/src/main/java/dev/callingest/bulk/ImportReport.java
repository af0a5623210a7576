package dev.callingest.bulk;

import dev.callingest.internal.ModelStyle;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.immutables.value.Value;

/**
 * The sum of an import: how many calls ended in each {@link OutcomeKind}. The counts of an import
 * the SDK ran always add up to {@link #read()}.
 *
 * <p>An Immutables value, like every public value type: {@link #builder()} builds one (for a test
 * of code that reads reports), {@link #newBuilder()} copies one; two reports with the same counts
 * are equal.
 */
@Value.Immutable
@ModelStyle
public abstract class ImportReport {
  ImportReport() {}

  /** {@return the number of calls read from the input} */
  public abstract long read();

  /**
   * {@return how many calls ended in each kind, in the enum's order; a kind no call ended in is
   * absent}
   */
  public abstract Map<OutcomeKind, Long> counts();

  /**
   * {@return calls on the server that may be there twice ({@link CallOutcome#possibleDuplicate()}),
   * whether sent in this run or skipped as accepted with that flag in an earlier one}
   */
  @Value.Default
  public long possibleDuplicates() {
    return 0;
  }

  /**
   * {@return calls the {@linkplain BulkImporter.Builder#preflight recording preflight} refused, so
   * that they cost none of the API's budget; they are among the {@link #rejected()} calls}
   */
  @Value.Default
  public long preflightRefused() {
    return 0;
  }

  /** {@return the time the import took; zero by default} */
  @Value.Default
  public Duration elapsed() {
    return Duration.ZERO;
  }

  /** {@return whether the import was cancelled before the input ended} */
  @Value.Default
  public boolean cancelled() {
    return false;
  }

  /**
   * {@return how many calls ended in {@code kind}}
   *
   * @param kind the outcome kind
   */
  public final long count(OutcomeKind kind) {
    return counts().getOrDefault(kind, 0L);
  }

  /** {@return calls accepted and not waited for} */
  public final long accepted() {
    return count(OutcomeKind.ACCEPTED);
  }

  /** {@return calls rejected before sending} */
  public final long rejected() {
    return count(OutcomeKind.REJECTED);
  }

  /**
   * {@return calls that are not on the server: refused, or never processed when retries ran out}
   */
  public final long failed() {
    return count(OutcomeKind.FAILED);
  }

  /** {@return calls that may or may not be on the server ({@link OutcomeKind#IN_DOUBT})} */
  public final long inDoubt() {
    return count(OutcomeKind.IN_DOUBT);
  }

  /**
   * Returns a builder; {@code read} is required, every count defaults to zero.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder that starts from this report.
   *
   * @return a new builder with every field of this report
   */
  public final Builder newBuilder() {
    return builder().from(this);
  }

  /** Builds an {@link ImportReport}. Not thread-safe. */
  public static final class Builder extends ImmutableImportReport.Builder {
    Builder() {}
  }

  /**
   * No negative count; counts kept in the enum's order, without zeros, so that equality is exact.
   */
  @Value.Check
  ImportReport normalized() {
    if (read() < 0) throw new IllegalArgumentException("read < 0: " + read());
    if (possibleDuplicates() < 0 || preflightRefused() < 0) {
      throw new IllegalArgumentException("counts must not be negative: " + this);
    }
    Map<OutcomeKind, Long> kept = new EnumMap<>(OutcomeKind.class);
    counts()
        .forEach(
            (kind, count) -> {
              if (count < 0) throw new IllegalArgumentException(kind + " count < 0: " + count);
              if (count > 0) kept.put(kind, count);
            });
    if (List.copyOf(kept.entrySet()).equals(List.copyOf(counts().entrySet()))) return this;
    return builder().from(this).counts(kept).build();
  }

  static ImportReport of(
      long read,
      Map<OutcomeKind, Long> counts,
      long possibleDuplicates,
      Duration elapsed,
      boolean cancelled,
      long preflightRefused) {
    return builder()
        .read(read)
        .counts(counts)
        .possibleDuplicates(possibleDuplicates)
        .elapsed(elapsed)
        .cancelled(cancelled)
        .preflightRefused(preflightRefused)
        .build();
  }

  /** Names every count that is not zero and the time taken. */
  @Override
  public String toString() {
    StringBuilder result = new StringBuilder("ImportReport{read=").append(read());
    for (OutcomeKind kind : OutcomeKind.values()) {
      long count = count(kind);
      if (count > 0) {
        result.append(", ").append(kind.name().toLowerCase(Locale.ROOT)).append('=').append(count);
      }
    }
    if (possibleDuplicates() > 0)
      result.append(", possibleDuplicates=").append(possibleDuplicates());
    if (preflightRefused() > 0) result.append(", preflightRefused=").append(preflightRefused());
    if (cancelled()) result.append(", cancelled");
    return result.append(", elapsed=").append(elapsed()).append('}').toString();
  }
}
