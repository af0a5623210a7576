package dev.callingest.examples.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.bulk.CallOutcome;
import java.util.Map;

/**
 * Compares every call's outcome with what the emulator holds, and sums the figures. ACCEPTED,
 * COMPLETED and PROCESSING_FAILED (the importer waited for processing) and SKIPPED (accepted in an
 * earlier run) mean on the server; FAILED and CANCELLED mean not on the server; IN_DOUBT may be
 * either; a call the server holds twice must be flagged.
 */
record ChaosFigures(
    String label,
    int calls,
    long accepted,
    long failed,
    long inDoubt,
    long inDoubtOnServer,
    long flagged,
    long onServerTwice,
    long notOnServer) {

  static ChaosFigures check(
      String label, int calls, Map<String, CallOutcome> outcomes, Map<String, Integer> onServer) {
    assertThat(outcomes).as(label + ": one outcome per call").hasSize(calls);
    long accepted = 0,
        failed = 0,
        inDoubt = 0,
        inDoubtOnServer = 0,
        flagged = 0,
        twice = 0,
        missing = 0;
    for (Map.Entry<String, CallOutcome> entry : outcomes.entrySet()) {
      String id = entry.getKey();
      CallOutcome outcome = entry.getValue();
      int held = onServer.getOrDefault(id, 0);
      switch (outcome.kind()) {
        case ACCEPTED, COMPLETED, PROCESSING_FAILED, SKIPPED -> {
          assertThat(held)
              .as(label + ": " + id + " is " + outcome.kind() + " so on the server")
              .isPositive();
          accepted++;
        }
        case FAILED, CANCELLED, REJECTED -> {
          assertThat(held)
              .as(label + ": " + id + " is " + outcome.kind() + " so not on the server")
              .isZero();
          failed++;
        }
        case IN_DOUBT -> {
          inDoubt++;
          if (held > 0) inDoubtOnServer++;
        }
        default -> throw new AssertionError(label + ": unexpected outcome " + outcome);
      }
      if (held > 1) {
        twice++;
        assertThat(outcome.possibleDuplicate())
            .as(
                label
                    + ": "
                    + id
                    + " is on the server "
                    + held
                    + " times, so it must be flagged: "
                    + outcome)
            .isTrue();
      }
      if (outcome.possibleDuplicate()) flagged++;
      if (held == 0) missing++;
    }
    ChaosFigures figures =
        new ChaosFigures(
            label, calls, accepted, failed, inDoubt, inDoubtOnServer, flagged, twice, missing);
    System.out.println(figures.line());
    return figures;
  }

  String line() {
    return String.format(
        java.util.Locale.ROOT,
        "chaos %-28s calls=%d accepted=%d failed=%d inDoubt=%d (on server %d) flagged=%d"
            + " onServerTwice=%d notOnServer=%d",
        label,
        calls,
        accepted,
        failed,
        inDoubt,
        inDoubtOnServer,
        flagged,
        onServerTwice,
        notOnServer);
  }
}
