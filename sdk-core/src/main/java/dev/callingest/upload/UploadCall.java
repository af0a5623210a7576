package dev.callingest.upload;

import dev.callingest.MetadataValue;
import dev.callingest.internal.UrlRedaction;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.immutables.value.Value;

/**
 * One call recording to upload. The builder requires the four documented required fields to be set
 * but accepts any value; {@link UploadClient#validate(UploadBatch)} (run by {@link
 * UploadClient#submit} before anything is sent) checks the documented rules and reports every
 * broken one.
 *
 * <pre>{@code
 * UploadCall call = UploadCall.builder()
 *     .externalId("crm-4711")
 *     .audioUrl("https://recordings.example.com/4711.mp3")
 *     .userEmail("rep@example.com")
 *     .callDate(Instant.parse("2025-03-02T09:15:00Z"))
 *     .direction(CallDirection.OUTBOUND)
 *     .durationSeconds(312)
 *     .putMetadata("campaign", "spring")
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class UploadCall {
  UploadCall() {}

  /**
   * Your unique id for the call ({@code external_id}); unique within a batch. Required.
   *
   * @return the id
   */
  public abstract String externalId();

  /**
   * Where the API fetches the audio ({@code audio_url}): an {@code http} or {@code https} URL with
   * a real host (no label starting or ending with a hyphen) and a port of 0 to 65535, or an {@code
   * s3://bucket/key} URL naming a bucket (without a port) and an object key; public or signed; MP3,
   * WAV, M4A or AAC, at most 2 GB. Required.
   *
   * @return the URL as given
   */
  public abstract String audioUrl();

  /**
   * The email of the team member on the call ({@code user_email}). Required.
   *
   * @return the email
   */
  public abstract String userEmail();

  /**
   * When the call took place ({@code call_date}), written as ISO 8601 in UTC, such as {@code
   * 2025-01-15T14:30:00Z}. Required; its year must be 0001 to 9999. A point in time is an {@link
   * Instant} in both APIs' models; the builder also takes an {@link OffsetDateTime}.
   *
   * @return the instant
   */
  public abstract Instant callDate();

  /**
   * The contact's full name ({@code contact_name}), when given.
   *
   * @return the name
   */
  public abstract Optional<String> contactName();

  /**
   * The contact's phone number ({@code contact_phone}); E.164 such as {@code +15551234567} is
   * recommended but not enforced.
   *
   * @return the phone number
   */
  public abstract Optional<String> contactPhone();

  /**
   * The contact's email ({@code contact_email}), when given.
   *
   * @return the email
   */
  public abstract Optional<String> contactEmail();

  /**
   * The call's direction ({@code direction}), when given.
   *
   * @return inbound or outbound
   */
  public abstract Optional<CallDirection> direction();

  /**
   * The call's length in seconds ({@code duration}); must be positive when given.
   *
   * @return the length in seconds
   */
  public abstract OptionalLong durationSeconds();

  /**
   * Your own key-value pairs ({@code metadata}), in insertion order: strings, numbers or booleans,
   * the same {@link MetadataValue} type as the Partner API's items.
   *
   * @return the metadata; empty when none
   */
  public abstract Map<String, MetadataValue> metadata();

  /** Describes the call; the audio URL shows only its scheme, host and port. */
  @Override
  public String toString() {
    StringBuilder result =
        new StringBuilder("UploadCall{externalId=")
            .append(externalId())
            .append(", audioUrl=")
            .append(UrlRedaction.redact(audioUrl()))
            .append(", userEmail=")
            .append(userEmail())
            .append(", callDate=")
            .append(callDate());
    contactName().ifPresent(value -> result.append(", contactName=").append(value));
    contactPhone().ifPresent(value -> result.append(", contactPhone=").append(value));
    contactEmail().ifPresent(value -> result.append(", contactEmail=").append(value));
    direction().ifPresent(value -> result.append(", direction=").append(value));
    durationSeconds().ifPresent(value -> result.append(", durationSeconds=").append(value));
    return result.append(", metadata=").append(metadata()).append('}').toString();
  }

  /**
   * Returns a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding this value's attributes, to make a changed copy} */
  public Builder newBuilder() {
    return builder().from(this);
  }

  /** Builds an {@link UploadCall}; {@code build()} fails if a required field was never set. */
  public static final class Builder extends ImmutableUploadCall.Builder {
    Builder() {}

    /**
     * Sets {@link UploadCall#callDate()} to the instant of a date and time with an offset.
     *
     * @param time when the call took place
     * @return this builder
     */
    public Builder callDate(OffsetDateTime time) {
      callDate(time.toInstant());
      return this;
    }

    /**
     * Adds a metadata pair with a string value.
     *
     * @param key the key
     * @param value the text
     * @return this builder
     */
    public Builder putMetadata(String key, String value) {
      putMetadata(key, MetadataValue.of(value));
      return this;
    }

    /**
     * Adds a metadata pair with a whole number value.
     *
     * @param key the key
     * @param value the number
     * @return this builder
     */
    public Builder putMetadata(String key, long value) {
      putMetadata(key, MetadataValue.of(value));
      return this;
    }

    /**
     * Adds a metadata pair with a decimal number value.
     *
     * @param key the key
     * @param value a finite number
     * @return this builder
     * @throws IllegalArgumentException if the number is NaN or infinite
     */
    public Builder putMetadata(String key, double value) {
      putMetadata(key, MetadataValue.of(value));
      return this;
    }

    /**
     * Adds a metadata pair with a boolean value.
     *
     * @param key the key
     * @param value the flag
     * @return this builder
     */
    public Builder putMetadata(String key, boolean value) {
      putMetadata(key, MetadataValue.of(value));
      return this;
    }
  }
}
