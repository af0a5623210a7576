package dev.callingest.emulator;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of one call of an Upload API batch.
 *
 * @param index the call's position in the submitted {@code calls} array
 * @param externalId the call's {@code external_id}
 * @param audioUrl the call's {@code audio_url}
 * @param status {@code pending}, {@code downloading}, {@code transcribing}, {@code analyzing},
 *     {@code completed} or {@code failed}
 * @param error why the call failed, when it did
 * @param ailaCallId the id given to a completed call
 * @param processedAt when the call completed
 * @param audioFormat the format recognised in the fetched audio (loopback URLs only)
 * @param request the call object exactly as submitted (numbers are doubles)
 */
public record ReceivedCall(
    int index,
    String externalId,
    String audioUrl,
    String status,
    Optional<String> error,
    Optional<String> ailaCallId,
    Optional<Instant> processedAt,
    Optional<String> audioFormat,
    Map<String, Object> request) {}
