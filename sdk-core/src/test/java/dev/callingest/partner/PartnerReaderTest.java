package dev.callingest.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callingest.analysis.internal.UnexpectedJsonException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PartnerReaderTest {
  @Test
  void readsTheSuccessFlag() throws IOException {
    assertThat(PartnerReader.success(utf8("{\"success\":true}"))).isTrue();
    assertThat(PartnerReader.success(utf8(" {\"message\":\"x\",\"success\":false} "))).isFalse();
    assertThat(PartnerReader.success(utf8("{\"success\":null,\"data\":[{\"a\":1}]}"))).isNull();
    assertThat(PartnerReader.success(utf8("{}"))).isNull();
  }

  @Test
  void refusesWhatIsNotASuccessBody() {
    assertThatThrownBy(() -> PartnerReader.success(utf8("{\"success\":\"yes\"}")))
        .isInstanceOf(UnexpectedJsonException.class)
        .hasMessage("Expected a boolean but was STRING at path $.success");
    assertThatThrownBy(() -> PartnerReader.success(utf8("[true]")))
        .isInstanceOf(UnexpectedJsonException.class)
        .hasMessage("Expected BEGIN_OBJECT but was BEGIN_ARRAY at path $");
    assertThatThrownBy(() -> PartnerReader.success(utf8("{\"success\":true}{}")))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("Unexpected content after the JSON value at path $");
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
