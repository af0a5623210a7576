package dev.callingest.partner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.RandomWireText;
import dev.callingest.internal.JsonBytesWriter;
import dev.callingest.internal.JsonBytesWriterTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Differential test of {@link PartnerBatchWriter} against the Moshi writer it replaced ({@link
 * MoshiPartnerWriter}): thousands of random batches must come out byte for byte the same, and an
 * item's measured size must be the bytes it adds to a body.
 */
class PartnerBatchWriterTest {
  @Test
  void writesRandomBatchesExactlyAsMoshiDid() {
    RandomWireText random = new RandomWireText(20261207L);
    int items = 0;
    for (int i = 0; i < 3_000; i++) {
      int size = random.chance(20) ? 50 : random.random().nextInt(10);
      IngestBatch batch = batch(random, size);
      items += batch.items().size();
      byte[] expected = MoshiPartnerWriter.batch(batch);
      JsonBytesWriter written = PartnerBatchWriter.write(batch);
      byte[] actual = JsonBytesWriterTest.sent(written);
      if (!Arrays.equals(actual, expected)) {
        assertThat(new String(actual, StandardCharsets.UTF_8))
            .as("batch %d", i)
            .isEqualTo(new String(expected, StandardCharsets.UTF_8));
        assertThat(actual).as("batch %d", i).isEqualTo(expected);
      }
      assertThat(PartnerJson.requestBytes(batch)).isEqualTo(expected);
      // The same batch again is sized exactly by the last one: one array, returned as it is.
      // (An empty batch teaches the hint nothing.)
      if (size == 0) continue;
      JsonBytesWriter again = PartnerBatchWriter.write(batch);
      assertThat(again.toByteArray()).isSameAs(again.toByteArray()).isEqualTo(expected);
    }
    assertThat(items).isGreaterThan(30_000);
  }

  @Test
  void measuresAnItemAsTheBytesMoshiWroteForIt() {
    RandomWireText random = new RandomWireText(5L);
    for (int i = 0; i < 2_000; i++) {
      IngestItem item = item(random);
      assertThat(PartnerBatchWriter.itemSize(item)).isEqualTo(MoshiPartnerWriter.item(item).length);
    }
  }

  static IngestBatch batch(RandomWireText random, int size) {
    List<IngestItem> items = new ArrayList<>(size);
    for (int i = 0; i < size; i++) items.add(item(random));
    return IngestBatch.builder().addAllItems(items).build();
  }

  static IngestItem item(RandomWireText random) {
    CallDetails call =
        CallDetails.builder()
            .id(random.chance(70) ? random.ascii(24) : random.string())
            .recordingUrl(
                random.chance(70) ? "https://example.com/" + random.ascii(60) : random.string())
            .startTime(random.anyInstant())
            .endTime(random.anyInstant())
            .contactNumber(random.string())
            .build();
    Agent agent =
        Agent.builder().id(random.string()).email(optional(random)).name(optional(random)).build();
    Customer customer =
        Customer.builder()
            .id(random.string())
            .name(optional(random))
            .email(optional(random))
            .dispositionStatus(optional(random))
            .build();
    IngestItem.Builder item =
        IngestItem.builder()
            .call(call)
            .agent(agent)
            .customer(customer)
            .industry(optional(random))
            .function(optional(random))
            .callbackUrl(optional(random));
    int pairs = random.chance(40) ? 0 : random.random().nextInt(8);
    for (int i = 0; i < pairs; i++) item.putMetadata(random.string(), random.metadataValue());
    int fields = random.chance(50) ? 0 : random.random().nextInt(12);
    for (int i = 0; i < fields; i++) {
      item.addCustomFields(CustomField.of(random.string(), random.string()));
    }
    return item.build();
  }

  private static Optional<String> optional(RandomWireText random) {
    return random.chance(50) ? Optional.of(random.string()) : Optional.empty();
  }
}
