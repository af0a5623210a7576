package dev.callingest.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImportJournalExceptionTest {
  private static final ImportReport REPORT =
      ImportReport.of(2, Map.of(OutcomeKind.ACCEPTED, 2L), 0, Duration.ofSeconds(1), false, 0);

  @Test
  void theCopyWithAReportKeepsMessageCauseTraceAndSuppressed() {
    IOException cause = new IOException("disk full");
    ImportJournalException original = new ImportJournalException("cannot write", cause);
    IllegalStateException other = new IllegalStateException("other");
    original.addSuppressed(other);

    ImportJournalException copy = original.withReport(REPORT);

    assertThat(copy).isNotSameAs(original).isExactlyInstanceOf(ImportJournalException.class);
    assertThat(copy).hasMessage("cannot write").hasCause(cause);
    assertThat(copy.getStackTrace()).isEqualTo(original.getStackTrace());
    assertThat(copy.getSuppressed()).containsExactly(other);
    assertThat(copy.report()).contains(REPORT);
    assertThat(original.report()).isEmpty();
  }

  @Test
  void aLeaseFailureStaysALeaseFailure() {
    Instant expires = Instant.parse("2026-12-07T09:00:00Z");
    ImportLeaseException original =
        new ImportLeaseException("taken over by node-2", "nightly", "node-2", expires);

    ImportJournalException copy = original.withReport(REPORT);

    assertThat(copy)
        .isExactlyInstanceOf(ImportLeaseException.class)
        .hasMessage("taken over by node-2");
    ImportLeaseException lease = (ImportLeaseException) copy;
    assertThat(lease.importName()).isEqualTo("nightly");
    assertThat(lease.holder()).isEqualTo("node-2");
    assertThat(lease.leaseExpiresAt()).isEqualTo(expires);
    assertThat(lease.report()).contains(REPORT);
  }
}
