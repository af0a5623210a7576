package dev.callingest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.JsonWriter;
import dev.callingest.MetadataValue;
import dev.callingest.RandomWireText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonBytesWriter} against Moshi's {@code JsonUtf8Writer}, the writer whose bytes it must
 * reproduce: every UTF-16 code unit, surrogate pairs and unpaired surrogates, random strings,
 * numbers and documents of random shape.
 */
public class JsonBytesWriterTest {
  /** {@return the bytes the transport sends for {@code writer}: its chunks, through a sink} */
  public static byte[] sent(JsonBytesWriter writer) {
    Buffer buffer = new Buffer();
    try {
      writer.writeTo(buffer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(buffer.size()).isEqualTo(writer.size());
    return buffer.readByteArray();
  }

  /** Drives both writers with the same calls. */
  private static final class Both {
    final Buffer buffer = new Buffer();
    final JsonWriter moshi = JsonWriter.of(buffer);
    final JsonBytesWriter bytes;

    Both(int sizeHint) {
      bytes = new JsonBytesWriter(sizeHint);
    }

    Both call(MoshiStep moshiStep, Runnable bytesStep) {
      try {
        moshiStep.run(moshi);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      bytesStep.run();
      return this;
    }

    void assertSame(String what) {
      try {
        moshi.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      byte[] expected = buffer.readByteArray();
      byte[] actual = bytes.toByteArray();
      if (!Arrays.equals(actual, expected)) {
        assertThat(new String(actual, StandardCharsets.UTF_8))
            .as(what)
            .isEqualTo(new String(expected, StandardCharsets.UTF_8));
        assertThat(actual).as(what).isEqualTo(expected);
      }
      assertThat(bytes.size()).isEqualTo(expected.length);
      assertThat(sent(bytes)).isEqualTo(expected);
    }
  }

  @FunctionalInterface
  private interface MoshiStep {
    void run(JsonWriter writer) throws IOException;
  }

  private static void assertStringSame(String value) {
    Both both = new Both(1);
    both.call(w -> w.beginObject(), both.bytes::beginObject);
    both.call(w -> w.name(value), () -> both.bytes.name(value));
    both.call(w -> w.value(value), () -> both.bytes.value(value));
    both.call(w -> w.endObject(), both.bytes::endObject);
    both.assertSame(codeUnits(value));
  }

  private static String codeUnits(String value) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < value.length() && i < 40; i++) {
      text.append(String.format("\\u%04x", (int) value.charAt(i)));
    }
    return text.toString();
  }

  @Test
  void everyCodeUnitAloneAndBetweenTextIsWrittenAsMoshiWritesIt() {
    for (int c = 0; c <= 0xffff; c++) {
      String unit = String.valueOf((char) c);
      assertStringSame(unit);
      assertStringSame("a" + unit + "b");
    }
  }

  @Test
  void surrogatesArePairedOrReplacedAsOkioDoes() {
    String high = "\ud83d";
    String low = "\ude00";
    String[] cases = {
      high + low,
      low + high,
      high,
      low,
      high + high + low,
      high + low + low,
      high + "\"",
      high + "\u2028",
      high + "\n" + low,
      "x" + high,
      high + "é",
      "\udbff\udfff",
      "\ud800\udc00",
      "\"" + high + low + "\\",
    };
    for (String value : cases) assertStringSame(value);
  }

  @Test
  void randomStringsAreWrittenAsMoshiWritesThem() {
    RandomWireText random = new RandomWireText(42L);
    for (int i = 0; i < 20_000; i++) assertStringSame(random.string());
  }

  @Test
  void numbersAndBooleansAreWrittenAsMoshiWritesThem() {
    RandomWireText random = new RandomWireText(3L);
    Both both = new Both(4);
    both.call(w -> w.beginArray(), both.bytes::beginArray);
    for (int i = 0; i < 20_000; i++) {
      long whole = random.anyLong();
      double decimal = random.anyDouble();
      boolean flag = random.random().nextBoolean();
      both.call(w -> w.value(whole), () -> both.bytes.value(whole));
      both.call(w -> w.value(decimal), () -> both.bytes.value(decimal));
      both.call(w -> w.value(flag), () -> both.bytes.value(flag));
    }
    both.call(w -> w.endArray(), both.bytes::endArray);
    both.assertSame("numbers");
  }

  @Test
  void refusesWhatMoshiRefuses() {
    JsonBytesWriter writer = new JsonBytesWriter(16);
    for (double value : new double[] {Double.NaN, Double.POSITIVE_INFINITY, -1 / 0.0}) {
      assertThatThrownBy(() -> JsonWriter.of(new Buffer()).value(value))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Numeric values must be finite, but was " + value);
      assertThatThrownBy(() -> writer.value(value))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Numeric values must be finite, but was " + value);
    }
  }

  @Test
  void metadataOfEveryKindIsWrittenAsItsJsonKind() {
    RandomWireText random = new RandomWireText(9L);
    for (int i = 0; i < 2_000; i++) {
      Map<String, MetadataValue> values = new LinkedHashMap<>();
      int pairs = random.random().nextInt(6);
      for (int j = 0; j < pairs; j++) values.put(random.string(), random.metadataValue());
      Both both = new Both(8);
      both.call(
          w -> {
            w.beginObject();
            for (Map.Entry<String, MetadataValue> entry : values.entrySet()) {
              w.name(entry.getKey());
              MetadataValue value = entry.getValue();
              if (value.isBoolean()) w.value((boolean) value.asBoolean().orElseThrow());
              else if (!value.isNumber()) w.value(value.asString().orElseThrow());
              else if (value.asLong().isPresent()) w.value(value.asLong().getAsLong());
              else w.value(value.asDouble().orElseThrow());
            }
            w.endObject();
          },
          () -> both.bytes.metadata(values));
      both.assertSame("metadata " + i);
    }
  }

  @Test
  void documentsOfRandomShapeGetTheirCommasWhereMoshiPutsThem() {
    Random random = new Random(17L);
    RandomWireText text = new RandomWireText(18L);
    JsonBytesWriter.Name fixed = JsonBytesWriter.Name.of("fixed\u2028\"name\"");
    for (int document = 0; document < 2_000; document++) {
      Both both = new Both(random.nextInt(64));
      // A stack of open containers: true for an object.
      boolean[] objects = new boolean[16];
      int depth = 0;
      both.call(w -> w.beginObject(), both.bytes::beginObject);
      objects[depth++] = true;
      for (int step = random.nextInt(60); step > 0 || depth > 0; step--) {
        boolean inObject = objects[depth - 1];
        if (step <= 0 || (depth > 1 && random.nextInt(5) == 0)) {
          if (inObject) both.call(w -> w.endObject(), both.bytes::endObject);
          else both.call(w -> w.endArray(), both.bytes::endArray);
          depth--;
          continue;
        }
        if (inObject) {
          if (random.nextBoolean()) {
            both.call(w -> w.name("fixed\u2028\"name\""), () -> both.bytes.name(fixed));
          } else {
            String name = text.string();
            both.call(w -> w.name(name), () -> both.bytes.name(name));
          }
        }
        int kind = depth < objects.length ? random.nextInt(6) : 2 + random.nextInt(4);
        switch (kind) {
          case 0 -> {
            both.call(w -> w.beginObject(), both.bytes::beginObject);
            objects[depth++] = true;
          }
          case 1 -> {
            both.call(w -> w.beginArray(), both.bytes::beginArray);
            objects[depth++] = false;
          }
          case 2 -> {
            String value = text.string();
            both.call(w -> w.value(value), () -> both.bytes.value(value));
          }
          case 3 -> {
            long value = text.anyLong();
            both.call(w -> w.value(value), () -> both.bytes.value(value));
          }
          case 4 -> {
            Instant value = text.writableInstant();
            both.call(w -> w.value(IsoTimes.instant(value)), () -> both.bytes.instant(value));
          }
          default -> {
            Instant value = text.anyInstant();
            both.call(
                w -> w.value(IsoTimes.instantSeconds(value)),
                () -> both.bytes.instantSeconds(value));
          }
        }
      }
      both.assertSame("document " + document);
    }
  }

  @Test
  void instantsAreWrittenAsIsoTimesWritesThem() {
    RandomWireText random = new RandomWireText(23L);
    for (int i = 0; i < 50_000; i++) {
      Instant instant = random.writableInstant();
      assertThat(
              new String(
                  new JsonBytesWriter(1).instant(instant).toByteArray(), StandardCharsets.UTF_8))
          .isEqualTo('"' + IsoTimes.instant(instant) + '"');
      Instant any = random.anyInstant();
      assertThat(
              new String(
                  new JsonBytesWriter(1).instantSeconds(any).toByteArray(), StandardCharsets.UTF_8))
          .isEqualTo('"' + IsoTimes.instantSeconds(any) + '"');
    }
  }

  @Test
  void growsFromATinyHintAndReturnsExactlyTheBytesWritten() {
    String large = "é".repeat(100_000) + "\n".repeat(10_000);
    JsonBytesWriter writer = new JsonBytesWriter(0);
    writer.beginArray().value(large).value(1L).endArray();
    byte[] expected =
        ("[\"" + "é".repeat(100_000) + "\\n".repeat(10_000) + "\",1]")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(writer.size()).isEqualTo(expected.length);
    assertThat(writer.toByteArray()).isEqualTo(expected);
  }

  @Test
  void anArrayFilledExactlyIsReturnedWithoutACopy() {
    JsonBytesWriter writer = new JsonBytesWriter(16);
    writer.value("0123456789abcd"); // 16 bytes with its quotes
    assertThat(writer.toByteArray()).isSameAs(writer.toByteArray()).hasSize(16);
    JsonBytesWriter larger = new JsonBytesWriter(32);
    larger.value("x");
    assertThat(larger.toByteArray()).isNotSameAs(larger.toByteArray()).hasSize(3);
  }

  @Test
  void aBodyOverManyChunksIsSentAndJoinedInOrder() {
    RandomWireText random = new RandomWireText(31L);
    for (int i = 0; i < 300; i++) {
      Both both = new Both(random.random().nextInt(40));
      both.call(w -> w.beginArray(), both.bytes::beginArray);
      for (int n = random.random().nextInt(400); n > 0; n--) {
        String value = random.string();
        both.call(w -> w.value(value), () -> both.bytes.value(value));
      }
      both.call(w -> w.endArray(), both.bytes::endArray);
      both.assertSame("chunks " + i);
    }
  }

  @Test
  void anExactHintHoldsEveryKindOfValueInOneArray() {
    RandomWireText random = new RandomWireText(37L);
    for (int i = 0; i < 2_000; i++) {
      // The same values twice: first to learn the size, then with that size as the hint.
      long seed = random.random().nextLong();
      int size = document(new JsonBytesWriter(1), new RandomWireText(seed)).size();
      JsonBytesWriter exact = document(new JsonBytesWriter(size), new RandomWireText(seed));
      assertThat(exact.size()).isEqualTo(size);
      assertThat(exact.toByteArray()).as("document %d", i).isSameAs(exact.toByteArray());
    }
  }

  /** An array of every kind of value, the last ones being what a body ends with. */
  private static JsonBytesWriter document(JsonBytesWriter writer, RandomWireText random) {
    writer.beginArray();
    for (int n = random.random().nextInt(20); n >= 0; n--) {
      switch (random.random().nextInt(6)) {
        case 0 -> writer.value(random.string());
        case 1 -> writer.value(random.anyLong());
        case 2 -> writer.value(random.anyDouble());
        case 3 -> writer.instant(random.writableInstant());
        case 4 -> writer.instantSeconds(random.anyInstant());
        default -> writer.value(random.metadataValue());
      }
    }
    return writer.endArray();
  }

  @Test
  void wrapsBytesWrittenElsewhere() {
    byte[] json = "{\"n\":1}".getBytes(StandardCharsets.UTF_8);
    JsonBytesWriter wrapped = JsonBytesWriter.of(json);
    assertThat(wrapped.size()).isEqualTo(json.length);
    assertThat(wrapped.toByteArray()).isSameAs(json);
    assertThat(sent(wrapped)).isEqualTo(json);
  }
}
