package dev.callingest.partner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartnerModelCopyTest {
  @Test
  void newBuilderMakesAnEqualItemThenAChangedOne() {
    IngestItem item = Fixtures.item("c1").build();

    assertThat(item.newBuilder().build()).isEqualTo(item);
    IngestItem changed =
        item.newBuilder().agent(item.agent().newBuilder().name("Noor Haas").build()).build();
    assertThat(changed.agent().name()).contains("Noor Haas");
    assertThat(changed.agent().id()).isEqualTo("rep-c1");
    assertThat(changed.call()).isEqualTo(item.call());
    assertThat(item.agent().name()).contains("Rosa Lind");
  }
}
