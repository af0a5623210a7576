package dev.callingest.partner;

import java.util.List;
import org.immutables.value.Value;

/**
 * The body of one submission: 1 to {@value #MAX_ITEMS} calls, sent as {@code {"data": [...]}} and
 * at most {@value #MAX_REQUEST_BYTES} bytes once serialized. To ingest more calls, split them over
 * several batches.
 *
 * <pre>{@code
 * IngestBatch batch = IngestBatch.of(firstItem, secondItem);
 * }</pre>
 */
@Value.Immutable
public abstract class IngestBatch {
  /** The most items a batch may hold. */
  public static final int MAX_ITEMS = 50;

  /**
   * The largest request body the API accepts, in bytes: the document's 5 MB read as 5 MiB, the
   * usual meaning of a {@code 5mb} body limit in Node.js servers.
   */
  public static final int MAX_REQUEST_BYTES = 5 * 1024 * 1024;

  IngestBatch() {}

  /**
   * {@return the calls, sent as {@code data}, in order; a violation's path {@code data[i]} indexes
   * them}
   */
  public abstract List<IngestItem> items();

  /**
   * The ids of the batch's calls, in order.
   *
   * @return each item's call id
   */
  public final List<String> callIds() {
    return items().stream().map(item -> item.call().id()).toList();
  }

  /**
   * Creates a batch of the given items.
   *
   * @param items the calls, in order
   * @return the batch
   */
  public static IngestBatch of(IngestItem... items) {
    return builder().addItems(items).build();
  }

  /**
   * Creates a batch of the given items.
   *
   * @param items the calls, in order
   * @return the batch
   */
  public static IngestBatch of(List<IngestItem> items) {
    return builder().addAllItems(items).build();
  }

  /**
   * Returns a new builder.
   *
   * @return a builder with no items
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding this value's attributes, to make a changed copy} */
  public Builder newBuilder() {
    return builder().from(this);
  }

  /** Builds {@link IngestBatch}. Not thread-safe. */
  public static final class Builder extends ImmutableIngestBatch.Builder {
    Builder() {}
  }
}
