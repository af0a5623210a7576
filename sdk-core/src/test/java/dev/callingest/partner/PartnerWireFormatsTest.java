package dev.callingest.partner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.internal.WireFormats;
import org.junit.jupiter.api.Test;

/** The benchmarks' entry point gives exactly the bytes the client sends. */
class PartnerWireFormatsTest {
  @Test
  void writesTheBytesSubmitSends() {
    IngestBatch batch = Fixtures.batchOf("a", "b");

    assertThat(WireFormats.write(IngestBatch.class, batch))
        .isEqualTo(PartnerJson.requestBytes(batch));
  }
}
