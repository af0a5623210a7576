package dev.callingest.partner;

import dev.callingest.internal.UrlRedaction;
import java.net.URI;
import java.time.Instant;
import org.immutables.value.Value;

/**
 * The {@code call} object of an {@link IngestItem}: which recording to analyse and when the call
 * took place. Every field is required; {@link #builder()} fails on a missing one, and {@link
 * PartnerClient#submit(IngestBatch)} checks the documented rules before sending.
 *
 * <pre>{@code
 * CallDetails call = CallDetails.builder()
 *     .id("crm-call-8812")
 *     .recordingUrl("https://media.example.org/rec/8812.wav")
 *     .startTime(Instant.parse("2026-03-02T09:15:00Z"))
 *     .endTime(Instant.parse("2026-03-02T09:41:30Z"))
 *     .contactNumber("+442071838750")
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class CallDetails {
  CallDetails() {}

  /**
   * {@return your id for the call, sent as {@code id}} It must be unique across your partner
   * account; sending the same id again does not process the call twice. Must not be blank, and
   * unique within a batch.
   */
  public abstract String id();

  /**
   * {@return the publicly reachable URL of the recording (MP3, WAV, AAC, M4A or MP4), sent as
   * {@code recording_url}} Must be {@code http} or {@code https} with a real host and a port of 0
   * to 65535. A URL is a {@code String} in both APIs' models: exactly the text that is sent, so
   * that a malformed one is reported by validation with every other problem.
   */
  public abstract String recordingUrl();

  /**
   * {@return when the call started, sent as {@code start_time} in UTC with whole seconds, such as
   * {@code 2026-03-02T09:15:00Z}; a fraction of a second is dropped} Its year must be 0001 to 9999.
   */
  public abstract Instant startTime();

  /**
   * {@return when the call ended, sent as {@code end_time} like {@link #startTime()}} Must be after
   * the start, compared at whole seconds as sent.
   */
  public abstract Instant endTime();

  /**
   * {@return the other party's phone number in E.164 form, such as {@code +442071838750}, sent as
   * {@code contact_number}}
   */
  public abstract String contactNumber();

  /** Describes the call; the recording URL shows only its scheme, host and port. */
  @Override
  public String toString() {
    return "CallDetails{id="
        + id()
        + ", recordingUrl="
        + UrlRedaction.redact(recordingUrl())
        + ", startTime="
        + startTime()
        + ", endTime="
        + endTime()
        + ", contactNumber="
        + contactNumber()
        + "}";
  }

  /**
   * Returns a new builder.
   *
   * @return a builder with nothing set
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding this value's attributes, to make a changed copy} */
  public Builder newBuilder() {
    return builder().from(this);
  }

  /** Builds {@link CallDetails}. Not thread-safe. */
  public static final class Builder extends ImmutableCallDetails.Builder {
    Builder() {}

    /**
     * Sets the recording URL from a {@link URI}, as its text.
     *
     * @param recordingUrl such as {@code https://media.example.org/rec/8812.wav}
     * @return this builder
     */
    public final Builder recordingUrl(URI recordingUrl) {
      recordingUrl(recordingUrl.toString());
      return this;
    }
  }
}
