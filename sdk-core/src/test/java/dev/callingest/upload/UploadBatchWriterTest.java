package dev.callingest.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callingest.RandomWireText;
import dev.callingest.internal.JsonBytesWriter;
import dev.callingest.internal.JsonBytesWriterTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Differential test of {@link UploadBatchWriter} against the Moshi writer it replaced ({@link
 * MoshiUploadWriter}): thousands of random batches must come out byte for byte the same.
 */
class UploadBatchWriterTest {
  @Test
  void writesRandomBatchesExactlyAsMoshiDid() {
    RandomWireText random = new RandomWireText(20261207L);
    int calls = 0;
    for (int i = 0; i < 3_000; i++) {
      int size = random.chance(20) ? 100 : random.random().nextInt(12);
      UploadBatch batch = batch(random, size);
      calls += batch.calls().size();
      byte[] expected = MoshiUploadWriter.batch(batch);
      JsonBytesWriter written = UploadBatchWriter.write(batch);
      byte[] actual = JsonBytesWriterTest.sent(written);
      if (!Arrays.equals(actual, expected)) {
        assertThat(new String(actual, StandardCharsets.UTF_8))
            .as("batch %d", i)
            .isEqualTo(new String(expected, StandardCharsets.UTF_8));
        assertThat(actual).as("batch %d", i).isEqualTo(expected);
      }
      assertThat(written.toByteArray()).isEqualTo(expected);
      // The same batch again is sized exactly by the last one: one array, returned as it is.
      // (An empty batch teaches the hint nothing.)
      if (size == 0) continue;
      JsonBytesWriter again = UploadBatchWriter.write(batch);
      assertThat(again.toByteArray()).isSameAs(again.toByteArray()).isEqualTo(expected);
    }
    assertThat(calls).isGreaterThan(50_000);
  }

  @Test
  void writesSingleCallsExactlyAsMoshiDid() {
    RandomWireText random = new RandomWireText(7L);
    for (int i = 0; i < 2_000; i++) {
      UploadCall call = call(random);
      assertThat(UploadBatchWriter.callBytes(call)).isEqualTo(MoshiUploadWriter.call(call));
      assertThat(dev.callingest.internal.Json.toBytes(UploadJson.CALL, call))
          .isEqualTo(MoshiUploadWriter.call(call));
    }
  }

  @Test
  void theAdapterWritesTheSameBytes() {
    RandomWireText random = new RandomWireText(11L);
    for (int i = 0; i < 200; i++) {
      UploadBatch batch = batch(random, random.random().nextInt(30));
      assertThat(dev.callingest.internal.Json.toBytes(UploadJson.BATCH, batch))
          .isEqualTo(MoshiUploadWriter.batch(batch));
    }
  }

  @Test
  void aDateOutsideTheYearsTheApiTakesFailsAsBefore() {
    UploadCall call =
        UploadCall.builder()
            .externalId("c1")
            .audioUrl("https://example.com/a.mp3")
            .userEmail("a@example.com")
            .callDate(Instant.ofEpochSecond(RandomWireText.LAST_SECOND + 1))
            .build();
    UploadBatch batch = UploadBatch.of(List.of(call));
    assertThatThrownBy(() -> MoshiUploadWriter.batch(batch))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("year 10000 is outside 0001-9999");
    assertThatThrownBy(() -> UploadBatchWriter.write(batch))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("year 10000 is outside 0001-9999");
  }

  @Test
  void anEmptyBatchIsAnEmptyList() {
    UploadBatch empty = UploadBatch.builder().build();
    assertThat(UploadBatchWriter.write(empty).toByteArray())
        .isEqualTo("{\"calls\":[]}".getBytes(StandardCharsets.UTF_8));
  }

  static UploadBatch batch(RandomWireText random, int size) {
    List<UploadCall> calls = new ArrayList<>(size);
    for (int i = 0; i < size; i++) calls.add(call(random));
    return UploadBatch.builder().addAllCalls(calls).build();
  }

  static UploadCall call(RandomWireText random) {
    UploadCall.Builder call =
        UploadCall.builder()
            .externalId(random.chance(70) ? random.ascii(24) : random.string())
            .audioUrl(
                random.chance(70) ? "https://example.com/" + random.ascii(60) : random.string())
            .userEmail(random.string())
            .callDate(random.writableInstant());
    if (random.chance(50)) call.contactName(random.string());
    if (random.chance(50)) call.contactPhone(random.string());
    if (random.chance(50)) call.contactEmail(random.string());
    if (random.chance(50)) {
      call.direction(
          random.random().nextBoolean() ? CallDirection.INBOUND : CallDirection.OUTBOUND);
    }
    if (random.chance(50)) call.durationSeconds(random.anyLong());
    int pairs = random.chance(40) ? 0 : random.random().nextInt(8);
    for (int i = 0; i < pairs; i++) call.putMetadata(random.string(), random.metadataValue());
    return call.build();
  }
}
