package dev.callingest.examples.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvRowsTest {
  private static List<Row> rows(String csv) throws IOException {
    List<Row> rows = new ArrayList<>();
    new CsvRows(new BufferedReader(new StringReader(csv))).forEachRemaining(rows::add);
    return rows;
  }

  @Test
  void readsQuotedFieldsWithCommasQuotesAndLineBreaksAndNumbersRecordsByTheirFirstLine()
      throws IOException {
    List<Row> rows =
        rows("\uFEFFa,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n\r\n2,\"two\nlines\",\n3, z ,\"\"\n");

    assertThat(rows)
        .containsExactly(
            Row.of(2, Map.of("a", "1", "b", "x, y", "c", "say \"hi\"")),
            Row.of(4, Map.of("a", "2", "b", "two\nlines")),
            Row.of(6, Map.of("a", "3", "b", "z")));
  }

  @Test
  void aRecordWithTheWrongNumberOfFieldsOrAnUnclosedQuoteIsUnreadable() throws IOException {
    assertThat(rows("a,b\n1\n2,\"open\n"))
        .containsExactly(
            Row.unreadable(2, "has 1 fields; the header has 2 (a,b)"),
            Row.unreadable(3, "a quoted field is never closed"));
  }

  @Test
  void anEmptyFileHasNoHeader() {
    assertThatThrownBy(() -> rows("")).hasMessage("the file is empty; a header row is required");
  }
}
