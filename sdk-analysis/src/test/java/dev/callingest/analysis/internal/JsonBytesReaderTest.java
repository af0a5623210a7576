package dev.callingest.analysis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callingest.analysis.internal.JsonBytesReader.Names;
import dev.callingest.analysis.internal.JsonBytesReader.Token;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonBytesReaderTest {
  private static final Names NAMES = Names.of("a", "call_id", "é");

  @Test
  void selectsNamesByTheirBytesAndLeavesOthersUnconsumed() throws IOException {
    JsonBytesReader reader =
        reader("{\"call_id\":1,\"é\":2,\"other\":3,\"call\\u005fid\":4,\"ab\":5}");
    reader.beginObject();
    assertThat(reader.selectName(NAMES)).isEqualTo(1);
    assertThat(reader.nextLong()).isEqualTo(1);
    assertThat(reader.selectName(NAMES)).isEqualTo(2);
    assertThat(reader.nextInt()).isEqualTo(2);
    assertThat(reader.selectName(NAMES)).isEqualTo(-1);
    assertThat(reader.peek()).isEqualTo(Token.NAME);
    assertThat(reader.nextName()).isEqualTo("other");
    reader.skipValue();
    assertThat(reader.selectName(NAMES)).as("an escaped spelling").isEqualTo(1);
    assertThat(reader.getPath()).isEqualTo("$.call_id");
    reader.skipValue();
    assertThat(reader.selectName(NAMES)).as("a longer name sharing a prefix").isEqualTo(-1);
    reader.skipName();
    assertThat(reader.getPath()).isEqualTo("$.ab");
    reader.skipValue();
    reader.endObject();
    reader.endDocument();
  }

  @Test
  void pathsNameArrayIndicesAndMembers() throws IOException {
    JsonBytesReader reader = reader("{\"a\":[{\"b\":1},{\"c\\n\":true}]}");
    reader.beginObject();
    reader.nextName();
    reader.beginArray();
    reader.skipValue();
    reader.beginObject();
    reader.nextName();
    assertThat(reader.getPath()).isEqualTo("$.a[1].c\n");
    assertThatThrownBy(reader::nextString)
        .isInstanceOf(UnexpectedJsonException.class)
        .hasMessage("Expected a string but was BOOLEAN at path $.a[1].c\n");
  }

  @Test
  void stringsDecodeEscapesAndUtf8() throws IOException {
    assertThat(string("\"plain ascii\"")).isEqualTo("plain ascii");
    assertThat(string("\"\"")).isEmpty();
    assertThat(string("\"ünï 日本 😀\"")).isEqualTo("ünï 日本 😀");
    assertThat(string("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u00E9x\""))
        .isEqualTo("\"\\/\b\f\n\r\tééx");
    assertThat(string("\"é\\né\"")).isEqualTo("é\né");
    assertThat(string("\"\\ud83d\\ude00 \\ud800\"")).isEqualTo("😀 \ud800");
    assertThat(string("\"" + "long \\n ".repeat(100) + "\"")).isEqualTo("long \n ".repeat(100));
  }

  @Test
  void malformedUtf8IsReplacedAsTheJdkDecoderReplacesIt() throws IOException {
    byte[] bytes = {'"', 'a', (byte) 0xC0, (byte) 0xE2, (byte) 0x82, 'b', (byte) 0xFF, '"'};
    assertThat(new JsonBytesReader(bytes).nextString())
        .isEqualTo(new String(bytes, 1, 6, StandardCharsets.UTF_8))
        .contains("\uFFFD");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "01",
        "-01",
        "1.",
        ".5",
        "+1",
        "1e",
        "NaN",
        "Infinity",
        "TRUE",
        "nul",
        "'a'",
        "{a:1}",
        "{'a':1}",
        "[1,]",
        "{\"a\":1,}",
        "[1 2]",
        "{\"a\" 1}",
        "// c\n1",
        "/* c */1",
        "#c\n1",
        "1 2",
        "\"\\x\"",
        "\"\\'\"",
        "\"\\u12G4\"",
        "\"tab\there\"",
        "[1;2]",
        "{\"a\"=1}",
        "\ufeff1",
        "truex",
        "1x",
        "-",
        "[",
        "{\"a\":"
      })
  void refusesWhatRfc8259Refuses(String json) {
    assertThatThrownBy(() -> readAll(reader(json))).isInstanceOf(IOException.class);
  }

  @Test
  void truncatedDocumentsEndInEofException() {
    for (String json : new String[] {"", " ", "{", "[1,", "{\"a\":\"bc", "\"\\u00", "tru", "-"}) {
      assertThatThrownBy(() -> readAll(reader(json))).as(json).isInstanceOf(EOFException.class);
    }
  }

  @Test
  void errorMessagesNameThePathAndNeverQuoteTheDocument() {
    assertThatThrownBy(() -> readAll(reader("{\"a\":[1,\"secret\u0001\"]}")))
        .isInstanceOf(MalformedJsonException.class)
        .hasMessage("Unescaped control character in string at path $.a[1] (byte 15)")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> readAll(reader("{\"a\":{\"b\":tRue}}")))
        .hasMessage("Expected value at path $.a.b (byte 10)");
  }

  @Test
  void nestingStopsAt255Levels() throws IOException {
    readAll(reader("[".repeat(255) + "]".repeat(255)));
    assertThatThrownBy(() -> readAll(reader("[".repeat(256) + "]".repeat(256))))
        .isInstanceOf(MalformedJsonException.class)
        .hasMessageStartingWith("Nesting too deep at $[0][0]");
  }

  @Test
  void decimalsEqualTheBigDecimalOfTheirText() throws IOException {
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder text = new StringBuilder();
      if (random.nextBoolean()) text.append('-');
      int digits = 1 + random.nextInt(random.nextInt(5) == 0 ? 30 : 8);
      text.append(1 + random.nextInt(9));
      for (int d = 1; d < digits; d++) text.append(random.nextInt(10));
      if (random.nextInt(5) == 0) text.setLength(text.charAt(0) == '-' ? 1 : 0);
      if (text.length() == 0 || text.toString().equals("-")) text.append('0');
      if (random.nextBoolean()) {
        text.append('.');
        int fraction = 1 + random.nextInt(random.nextInt(5) == 0 ? 25 : 4);
        for (int d = 0; d < fraction; d++) text.append(random.nextInt(10));
      }
      if (random.nextInt(6) == 0) text.append("e").append(random.nextInt(40) - 20);
      BigDecimal ours = reader(text.toString()).nextDecimal();
      BigDecimal expected = new BigDecimal(text.toString());
      assertThat(ours).as(text.toString()).isEqualTo(expected);
      assertThat(ours.scale()).as(text.toString()).isEqualTo(expected.scale());
    }
  }

  @Test
  void wholeNumbersAreCheckedAgainstTheirType() throws IOException {
    assertThat(reader("9223372036854775807").nextLong()).isEqualTo(Long.MAX_VALUE);
    assertThat(reader("-9223372036854775808").nextLong()).isEqualTo(Long.MIN_VALUE);
    assertThat(reader("2.0").nextInt()).isEqualTo(2);
    assertThat(reader("\"42\"").nextInt()).isEqualTo(42);
    assertThatThrownBy(() -> reader("9223372036854775808").nextLong())
        .hasMessage("Expected a long but was a number at path $");
    assertThatThrownBy(() -> reader("2147483648").nextInt())
        .hasMessage("Expected an int but was a number out of its range at path $");
    assertThatThrownBy(() -> reader("1.5").nextInt())
        .hasMessage("Expected an int but was a number at path $");
    assertThatThrownBy(() -> reader("1e99999999999").nextDecimal())
        .isInstanceOf(UnexpectedJsonException.class);
  }

  @Test
  void skipValueChecksWhatItSkips() throws IOException {
    JsonBytesReader reader = reader("[{\"a\":[1,{\"b\":\"\\u0041\"}]},2]");
    reader.beginArray();
    reader.skipValue();
    assertThat(reader.nextLong()).isEqualTo(2);
    reader.endArray();
    reader.endDocument();
    assertThatThrownBy(() -> reader("[{\"a\":\"\\q\"}]").skipValue())
        .isInstanceOf(MalformedJsonException.class);
    JsonBytesReader atEnd = reader("[]");
    atEnd.beginArray();
    assertThatThrownBy(atEnd::skipValue)
        .isInstanceOf(UnexpectedJsonException.class)
        .hasMessage("Expected a value but was END_ARRAY at path $[0]");
  }

  @Test
  void instantsReadAsOffsetDateTimeParseReadsThem() throws IOException {
    Random random = new Random(11);
    int fast = 0;
    for (int i = 0; i < 50_000; i++) {
      String text = randomTimestamp(random);
      Instant expected;
      try {
        expected = OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e) {
        expected = null;
      }
      byte[] json = ("[\"" + text + "\"]").getBytes(StandardCharsets.UTF_8);
      if (IsoInstants.end(json, 2, json.length) >= 0) fast++;
      JsonBytesReader reader = new JsonBytesReader(json);
      reader.beginArray();
      if (expected == null) {
        assertThatThrownBy(reader::nextInstant)
            .as(text)
            .isInstanceOf(UnexpectedJsonException.class)
            .hasMessage(
                "expected an ISO 8601 date-time with offset but was '" + text + "' at $[0]");
      } else {
        assertThat(reader.nextInstant()).as(text).isEqualTo(expected);
        reader.endArray();
        reader.endDocument();
      }
    }
    assertThat(fast).as("timestamps read without a formatter").isGreaterThan(10_000);
  }

  /** Mostly valid timestamps, with every part sometimes out of range or oddly written. */
  private static String randomTimestamp(Random random) {
    StringBuilder text = new StringBuilder();
    text.append(
        pad(random.nextInt(20) == 0 ? random.nextInt(10_000) : 1970 + random.nextInt(80), 4));
    text.append('-')
        .append(pad(random.nextInt(20) == 0 ? random.nextInt(14) : 1 + random.nextInt(12), 2));
    text.append('-')
        .append(pad(random.nextInt(10) == 0 ? random.nextInt(33) : 1 + random.nextInt(31), 2));
    text.append(random.nextInt(30) == 0 ? 't' : 'T');
    text.append(pad(random.nextInt(20) == 0 ? random.nextInt(26) : random.nextInt(24), 2));
    text.append(':')
        .append(pad(random.nextInt(20) == 0 ? random.nextInt(61) : random.nextInt(60), 2));
    if (random.nextInt(5) > 0) {
      text.append(':')
          .append(pad(random.nextInt(20) == 0 ? random.nextInt(62) : random.nextInt(60), 2));
      if (random.nextBoolean()) {
        text.append('.');
        int digits = random.nextInt(11);
        for (int d = 0; d < digits; d++) text.append(random.nextInt(10));
      }
    }
    switch (random.nextInt(8)) {
      case 0 -> text.append('z');
      case 1 -> text.append(random.nextBoolean() ? "+01" : "-0530");
      case 2, 3 -> {
        text.append(random.nextBoolean() ? '+' : '-');
        text.append(pad(random.nextInt(20), 2)).append(':').append(pad(random.nextInt(62), 2));
        if (random.nextInt(10) == 0) text.append(":30");
      }
      case 4 -> {}
      default -> text.append('Z');
    }
    if (random.nextInt(50) == 0) text.append('x');
    return text.toString();
  }

  private static String pad(int value, int width) {
    String digits = Integer.toString(value);
    return "0".repeat(Math.max(0, width - digits.length())) + digits;
  }

  @Test
  void knownValuesAreShared() throws IOException {
    Names states = Names.of("completed", "failed");
    JsonBytesReader reader = reader("[\"completed\",\"completedx\",\"compl\\u0065ted\",1]");
    reader.beginArray();
    assertThat(reader.nextString(states)).isSameAs(states.name(0));
    assertThat(reader.nextString(states)).isEqualTo("completedx");
    assertThat(reader.nextString(states)).isEqualTo("completed");
    assertThat(reader.nextString(states)).isEqualTo("1");
    reader.endArray();
  }

  @Test
  void namesThatNeedEscapingCannotBeEncoded() {
    assertThatThrownBy(() -> Names.of("a\"b")).isInstanceOf(IllegalArgumentException.class);
  }

  private static String string(String json) throws IOException {
    JsonBytesReader reader = reader(json);
    String value = reader.nextString();
    reader.endDocument();
    return value;
  }

  private static void readAll(JsonBytesReader reader) throws IOException {
    reader.skipValue();
    reader.endDocument();
  }

  private static JsonBytesReader reader(String json) {
    return new JsonBytesReader(json.getBytes(StandardCharsets.UTF_8));
  }
}
