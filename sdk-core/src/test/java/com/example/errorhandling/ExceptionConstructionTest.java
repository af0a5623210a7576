package com.example.errorhandling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.ApiException;
import dev.callingest.AuthenticationException;
import dev.callingest.CallingestException;
import dev.callingest.CancelledException;
import dev.callingest.ConnectionException;
import dev.callingest.ErrorResponse;
import dev.callingest.MalformedResponseException;
import dev.callingest.NotFoundException;
import dev.callingest.RateLimitedException;
import dev.callingest.RequestInDoubtException;
import dev.callingest.ServerException;
import dev.callingest.ServerValidationException;
import dev.callingest.ValidationException;
import dev.callingest.Violation;
import dev.callingest.bulk.ImportFailedException;
import dev.callingest.bulk.ImportJournalException;
import dev.callingest.bulk.ImportLeaseException;
import dev.callingest.bulk.ImportReport;
import dev.callingest.bulk.OutcomeKind;
import dev.callingest.pacing.PacingStoreException;
import dev.callingest.upload.BatchStatus;
import dev.callingest.upload.BatchWaitTimeoutException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Builds every public exception of callingest-core the way a user's test of their own error
 * handling would: from outside the SDK's packages, through public constructors only. If a
 * constructor stops being public, this class stops compiling.
 */
class ExceptionConstructionTest {
  private static final ErrorResponse SERVER_ERROR =
      ErrorResponse.builder()
          .statusCode(500)
          .errorCode("INTERNAL")
          .message("try later")
          .requestId("req_1")
          .bodyExcerpt("{}")
          .build();

  private static final ImportReport REPORT =
      ImportReport.builder()
          .read(3)
          .counts(Map.of(OutcomeKind.ACCEPTED, 2L, OutcomeKind.FAILED, 1L))
          .possibleDuplicates(0)
          .elapsed(Duration.ofSeconds(4))
          .cancelled(false)
          .preflightRefused(0)
          .build();

  @Test
  void everyExceptionCanBeBuiltFromOutside() {
    ErrorResponse unauthorized = SERVER_ERROR.newBuilder().statusCode(401).build();
    ErrorResponse missing = SERVER_ERROR.newBuilder().statusCode(404).build();
    ErrorResponse tooMany = SERVER_ERROR.newBuilder().statusCode(429).build();
    ErrorResponse invalid = SERVER_ERROR.newBuilder().statusCode(422).build();
    List<Violation> violations =
        List.of(Violation.of("calls[0].audio_url", "is required", "c1", null));

    List<CallingestException> built =
        List.of(
            new CallingestException("failed", null),
            new CallingestException("failed", SERVER_ERROR, 2, true, new IOException("reset")),
            new ApiException("HTTP 400", SERVER_ERROR.newBuilder().statusCode(400).build()),
            new ApiException("HTTP 400", SERVER_ERROR, 1, false, null),
            new AuthenticationException("HTTP 401", unauthorized),
            new AuthenticationException("HTTP 401", unauthorized, 1, false, null),
            new NotFoundException("HTTP 404", missing),
            new NotFoundException("HTTP 404", missing, 1, false, null),
            new ServerException("HTTP 500", SERVER_ERROR),
            new ServerException("HTTP 500", SERVER_ERROR, 3, true, null),
            new MalformedResponseException(
                "bad body", SERVER_ERROR.newBuilder().statusCode(200).build()),
            new MalformedResponseException(
                "bad body", SERVER_ERROR.newBuilder().statusCode(200).build(), 1, true, null),
            new ServerValidationException("HTTP 422", invalid, violations),
            new ServerValidationException("HTTP 422", invalid, 2, true, violations),
            new RateLimitedException("HTTP 429", tooMany, 4, Duration.ofSeconds(30), false),
            new RateLimitedException("client-side pacing: full", Duration.ofSeconds(2)),
            new ConnectionException("refused", 1, false, new IOException("refused")),
            new ConnectionException("timed out", 3, true, true, new SocketTimeoutException()),
            new RequestInDoubtException("dropped", 1, true, new SocketTimeoutException()),
            new CancelledException("cancelled", 0, null),
            new CancelledException("cancelled", 1, true, null),
            new ValidationException("upload batch", violations),
            new BatchWaitTimeoutException(
                BatchStatus.builder()
                    .batchId("b_1")
                    .rawStatus("processing")
                    .totalCalls(2)
                    .processed(1)
                    .pending(1)
                    .build(),
                Duration.ofMinutes(30)),
            new ImportJournalException("cannot write the journal", new IOException("disk full")),
            new ImportLeaseException(
                "import nightly is leased by node-2 until 2026-12-07T09:00:00Z",
                "nightly",
                "node-2",
                Instant.parse("2026-12-07T09:00:00Z")),
            new ImportJournalException("cannot write the journal", null, REPORT),
            new ImportLeaseException(
                "taken over", "nightly", "node-2", Instant.parse("2026-12-07T09:00:00Z"), REPORT),
            new ImportFailedException(REPORT, new IllegalStateException("listener failed")),
            new PacingStoreException(
                "the pacing store could not reserve", new IOException("down")));

    assertThat(built).hasSize(29).allSatisfy(e -> assertThat(e.getMessage()).isNotBlank());
  }

  @Test
  void aBuiltExceptionAnswersAsTheSdksWould() {
    ServerException inDoubt = new ServerException("HTTP 500", SERVER_ERROR, 3, true, null);

    assertThat(inDoubt.possiblyProcessed()).isTrue();
    assertThat(inDoubt.attempts()).isEqualTo(3);
    assertThat(inDoubt.httpStatus()).isEqualTo(500);
    assertThat(inDoubt.statusCode()).hasValue(500);
    assertThat(inDoubt.errorCode()).contains("INTERNAL");
    assertThat(inDoubt.requestId()).contains("req_1");

    RateLimitedException limited =
        new RateLimitedException(
            "HTTP 429",
            SERVER_ERROR.newBuilder().statusCode(429).build(),
            4,
            Duration.ofSeconds(30),
            false);
    assertThat(limited.retryAfter()).contains(Duration.ofSeconds(30));
    assertThat(limited.isClientSide()).isFalse();
    assertThat(limited.possiblyProcessed()).isFalse();
    assertThat(new RateLimitedException("pacing", Duration.ofSeconds(1)).isClientSide()).isTrue();

    assertThat(new RequestInDoubtException("dropped", 1, true, null).possiblyProcessed()).isTrue();
    assertThat(new ConnectionException("refused", 1, false, null).possiblyProcessed()).isFalse();

    ImportLeaseException leased =
        new ImportLeaseException(
            "leased elsewhere", "nightly", "node-2", Instant.parse("2026-12-07T09:00:00Z"));
    assertThat(leased).isInstanceOf(ImportJournalException.class);
    assertThat(leased.holder()).isEqualTo("node-2");
    assertThat(leased.importName()).isEqualTo("nightly");
    assertThat(leased.leaseExpiresAt()).isEqualTo(Instant.parse("2026-12-07T09:00:00Z"));
    assertThat(leased.attempts()).isZero();
    assertThat(leased.possiblyProcessed()).isFalse();
    assertThat(leased.report()).isEmpty();
    assertThat(new ImportJournalException("cannot write the journal", null, REPORT).report())
        .contains(REPORT);
    assertThat(new ImportFailedException(REPORT, new IllegalStateException("x")).report())
        .isEqualTo(REPORT);
  }
}
