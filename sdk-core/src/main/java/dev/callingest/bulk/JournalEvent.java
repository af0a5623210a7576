package dev.callingest.bulk;

import dev.callingest.internal.ModelStyle;
import java.util.Optional;
import org.immutables.value.Value;
import org.jspecify.annotations.Nullable;

/**
 * One event of an import journal: what happened to one call, in the order it happened. The importer
 * writes these through {@link ImportJournal.Session#append} and reads them back, oldest first, when
 * a later run (in this process or another) resumes the import. Each {@link Type} is one line type
 * of the file journal's format.
 */
@Value.Immutable
@ModelStyle
public abstract class JournalEvent {
  JournalEvent() {}

  /** What an event says about its call; the letter is the file journal's line type. */
  public enum Type {
    /**
     * 'P': a submission of the call started; the call is in doubt until a later event settles it.
     */
    SUBMITTING('P'),
    /** 'A': accepted by the server. */
    ACCEPTED('A'),
    /** 'C': accepted and processed. */
    COMPLETED('C'),
    /** 'X': accepted, and processing failed. */
    PROCESSING_FAILED('X'),
    /** 'R': rejected before sending. */
    REJECTED('R'),
    /** 'F': not delivered; no attempt can have been processed (failed or cancelled). */
    NOT_DELIVERED('F'),
    /** 'D': in doubt; an attempt may have been processed. */
    IN_DOUBT('D');

    private final char code;

    Type(char code) {
      this.code = code;
    }

    /** {@return the letter of this type in the file journal, and in the JDBC journal's table} */
    public char code() {
      return code;
    }

    /**
     * {@return the type whose letter is {@code code}}
     *
     * @param code one of {@code P A C X R F D}
     * @throws IllegalArgumentException for any other letter
     */
    public static Type fromCode(char code) {
      return switch (code) {
        case 'P' -> SUBMITTING;
        case 'A' -> ACCEPTED;
        case 'C' -> COMPLETED;
        case 'X' -> PROCESSING_FAILED;
        case 'R' -> REJECTED;
        case 'F' -> NOT_DELIVERED;
        case 'D' -> IN_DOUBT;
        default -> throw new IllegalArgumentException("not a journal event type: " + code);
      };
    }

    /** Whether the event says the server holds the call: {@code A}, {@code C} or {@code X}. */
    boolean accepted() {
      return this == ACCEPTED || this == COMPLETED || this == PROCESSING_FAILED;
    }
  }

  /** {@return what the event says} */
  public abstract Type type();

  /** {@return the caller's id of the call; never empty} */
  public abstract String callId();

  /**
   * {@return the batch the call was accepted in, for the accepted types, when the API names one}
   */
  public abstract Optional<String> batchId();

  /**
   * {@return for the accepted types, whether the call may have been delivered twice (the file
   * journal's "twice"); false otherwise}
   */
  @Value.Default
  public boolean possibleDuplicate() {
    return false;
  }

  /** {@return why, for the types that carry a reason (X, R, F, D), when one was given} */
  public abstract Optional<String> reason();

  @Value.Check
  void check() {
    if (callId().isEmpty()) throw new IllegalArgumentException("callId is empty");
  }

  /**
   * {@return an event}
   *
   * @param type what it says
   * @param callId the call's id, not empty
   * @param batchId the batch, or {@code null}
   * @param possibleDuplicate whether an acceptance may be a duplicate
   * @param reason why, or {@code null}
   */
  public static JournalEvent of(
      Type type,
      String callId,
      @Nullable String batchId,
      boolean possibleDuplicate,
      @Nullable String reason) {
    return ImmutableJournalEvent.builder()
        .type(type)
        .callId(callId)
        .batchId(Optional.ofNullable(batchId))
        .possibleDuplicate(possibleDuplicate)
        .reason(Optional.ofNullable(reason))
        .build();
  }

  /**
   * {@return the event that a submission of {@code callId} started}
   *
   * @param callId the call's id, not empty
   */
  public static JournalEvent submitting(String callId) {
    return of(Type.SUBMITTING, callId, null, false, null);
  }
}
