package dev.callingest.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callingest.internal.Json;
import dev.callingest.internal.WireFormats;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The benchmarks' entry point gives exactly what the client sends and parses. */
class UploadWireFormatsTest {
  @Test
  void writesTheBytesSubmitSends() {
    UploadBatch batch = Fixtures.batch(3);

    assertThat(WireFormats.write(UploadBatch.class, batch))
        .isEqualTo(Json.toBytes(UploadJson.BATCH, batch));
  }

  @Test
  void readsAStatusAsStatusDoes() throws Exception {
    byte[] body =
        ("{\"batch_id\":\"b1\",\"status\":\"completed\",\"total_calls\":1,\"completed_calls\":1,"
                + "\"failed_calls\":0,\"calls\":[]}")
            .getBytes(StandardCharsets.UTF_8);

    assertThat(WireFormats.read(BatchStatus.class, body))
        .isEqualTo(Json.fromBytes(UploadJson.STATUS, body));
    assertThat(WireFormats.read(BatchStatus.class, body).batchId()).isEqualTo("b1");
  }

  @Test
  void refusesATypeNoApiWrites() {
    assertThatThrownBy(() -> WireFormats.write(String.class, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no wire format for java.lang.String");
  }
}
