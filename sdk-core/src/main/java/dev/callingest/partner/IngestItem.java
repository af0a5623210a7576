package dev.callingest.partner;

import dev.callingest.MetadataValue;
import dev.callingest.internal.UrlRedaction;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One call of an {@link IngestBatch}: the call itself, the agent and the customer, and optional
 * routing and context. Build it with {@link #builder()}; the documented rules (formats, lengths, at
 * most 5 metadata pairs and 10 custom fields) are checked for the whole batch by {@link
 * PartnerClient#submit(IngestBatch)}, which reports every broken rule at once.
 *
 * <pre>{@code
 * IngestItem item = IngestItem.builder()
 *     .call(call)
 *     .agent(Agent.builder().id("rep-17").email("dana@seller.example").build())
 *     .customer(Customer.of("acct-5521"))
 *     .callbackUrl("https://hooks.seller.example/analysis")
 *     .putMetadata("region", "emea")
 *     .putMetadata("attempt", 2)
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class IngestItem {
  /** The most {@link #metadata()} pairs an item may carry. */
  public static final int MAX_METADATA_PAIRS = 5;

  /** The most {@link #customFields()} an item may carry. */
  public static final int MAX_CUSTOM_FIELDS = 10;

  IngestItem() {}

  /** {@return the call, sent as {@code call}} */
  public abstract CallDetails call();

  /** {@return the agent who handled the call, sent as {@code agent}} */
  public abstract Agent agent();

  /** {@return the customer on the call, sent as {@code customer}} */
  public abstract Customer customer();

  /** {@return the customer's industry, such as {@code Technology}, sent as {@code industry}} */
  public abstract Optional<String> industry();

  /**
   * {@return the business function the call belongs to, such as {@code Sales}, sent as {@code
   * function}}
   */
  public abstract Optional<String> function();

  /**
   * {@return where the analysis is posted when it is ready, sent as {@code callback_url}} Must be
   * {@code https}; plain {@code http} to a loopback host is accepted only when the client allows it
   * (see {@link PartnerClient.Builder#allowLoopbackHttpCallbacks(boolean)}). Without it, results
   * appear only in the vendor's dashboard. {@code toString()} shows only its scheme, host and port:
   * a capability URL carries its token.
   */
  public abstract Optional<String> callbackUrl();

  /**
   * {@return your key-value pairs, sent as {@code metadata} and echoed back in the callback; at
   * most {@value #MAX_METADATA_PAIRS}} Iteration follows insertion order.
   */
  public abstract Map<String, MetadataValue> metadata();

  /** {@return custom fields, sent as {@code custom_fields}; at most {@value #MAX_CUSTOM_FIELDS}} */
  public abstract List<CustomField> customFields();

  /** Describes the item; the callback URL shows only its scheme, host and port. */
  @Override
  public String toString() {
    StringBuilder result =
        new StringBuilder("IngestItem{call=")
            .append(call())
            .append(", agent=")
            .append(agent())
            .append(", customer=")
            .append(customer());
    industry().ifPresent(value -> result.append(", industry=").append(value));
    function().ifPresent(value -> result.append(", function=").append(value));
    callbackUrl()
        .ifPresent(url -> result.append(", callbackUrl=").append(UrlRedaction.redact(url)));
    return result
        .append(", metadata=")
        .append(metadata())
        .append(", customFields=")
        .append(customFields())
        .append('}')
        .toString();
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

  /** Builds {@link IngestItem}. Not thread-safe. */
  public static final class Builder extends ImmutableIngestItem.Builder {
    Builder() {}

    /**
     * Sets the callback URL from a {@link URI}, as its text.
     *
     * @param callbackUrl such as {@code https://hooks.seller.example/analysis}
     * @return this builder
     */
    public final Builder callbackUrl(URI callbackUrl) {
      callbackUrl(callbackUrl.toString());
      return this;
    }

    /**
     * Adds a metadata pair with a string value.
     *
     * @param key the key
     * @param value the text
     * @return this builder
     */
    public final Builder putMetadata(String key, String value) {
      return putMetadata(key, MetadataValue.of(value));
    }

    /**
     * Adds a metadata pair with a whole number value.
     *
     * @param key the key
     * @param value the number
     * @return this builder
     */
    public final Builder putMetadata(String key, long value) {
      return putMetadata(key, MetadataValue.of(value));
    }

    /**
     * Adds a metadata pair with a decimal number value.
     *
     * @param key the key
     * @param value a finite number
     * @return this builder
     * @throws IllegalArgumentException if the number is NaN or infinite
     */
    public final Builder putMetadata(String key, double value) {
      return putMetadata(key, MetadataValue.of(value));
    }

    /**
     * Adds a metadata pair with a boolean value. The Partner API does not accept one: validation
     * refuses it, but the same builder call as {@code UploadCall}'s compiles.
     *
     * @param key the key
     * @param value the flag
     * @return this builder
     */
    public final Builder putMetadata(String key, boolean value) {
      return putMetadata(key, MetadataValue.of(value));
    }

    /**
     * Adds a custom field.
     *
     * @param internalName the field's internal name
     * @param value the field's value
     * @return this builder
     */
    public final Builder addCustomField(String internalName, String value) {
      return addCustomFields(CustomField.of(internalName, value));
    }
  }
}
