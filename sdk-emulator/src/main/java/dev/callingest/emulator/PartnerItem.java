package dev.callingest.emulator;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of one Partner API item, kept once per call id.
 *
 * @param callId the item's {@code call.id}
 * @param tenantId the {@code x-tenant-id} of the first submission
 * @param subTenantId the {@code x-sub-tenant-id} of the first submission
 * @param receivedAt when the call id was first accepted
 * @param submissions how many accepted requests carried this call id (idempotent resubmissions
 *     count, but are not processed again)
 * @param callbackUrl the item's {@code callback_url}, if any
 * @param state where processing stands
 * @param callbackBody the callback body sent (or to be retried), once processing finished
 * @param item the item object exactly as first submitted (numbers are doubles)
 */
public record PartnerItem(
    String callId,
    String tenantId,
    String subTenantId,
    Instant receivedAt,
    int submissions,
    Optional<String> callbackUrl,
    State state,
    Optional<String> callbackBody,
    Map<String, Object> item) {

  /** Where an item's processing stands. */
  public enum State {
    /** Accepted; the analysis is not ready yet. */
    PROCESSING,
    /** The analysis is ready and its callback is being delivered or retried. */
    DELIVERING,
    /** The receiver acknowledged the callback with a 2xx answer. */
    DELIVERED,
    /** Every delivery attempt failed; the emulator gave up. */
    DELIVERY_FAILED,
    /** Processed; there was no {@code callback_url} to call. */
    PROCESSED_WITHOUT_CALLBACK,
    /** The recording could not be fetched: never processed, so no callback is sent. */
    RECORDING_UNREACHABLE;

    /**
     * Tells whether nothing more will happen to the item.
     *
     * @return true for every state but {@code PROCESSING} and {@code DELIVERING}
     */
    public boolean isFinal() {
      return this != PROCESSING && this != DELIVERING;
    }
  }
}
