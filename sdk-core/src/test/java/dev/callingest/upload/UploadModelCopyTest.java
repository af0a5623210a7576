package dev.callingest.upload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UploadModelCopyTest {
  @Test
  void newBuilderMakesAnEqualCallThenAChangedOne() {
    UploadCall call = Fixtures.call("c1");

    assertThat(call.newBuilder().build()).isEqualTo(call);
    UploadCall changed = call.newBuilder().userEmail("other@example.com").build();
    assertThat(changed.userEmail()).isEqualTo("other@example.com");
    assertThat(changed.externalId()).isEqualTo("c1");
    assertThat(call.userEmail()).isEqualTo("rep@example.com");
  }

  @Test
  void newBuilderOfABatchKeepsItsCallsInOrder() {
    UploadBatch batch = Fixtures.batch(3);

    UploadBatch more = batch.newBuilder().addCalls(Fixtures.call("c3")).build();

    assertThat(batch.newBuilder().build()).isEqualTo(batch);
    assertThat(more.calls())
        .extracting(UploadCall::externalId)
        .containsExactly("c0", "c1", "c2", "c3");
    assertThat(batch.calls()).hasSize(3);
  }
}
