package dev.callingest.examples.importer;

import java.util.Map;

/**
 * One record of the input: the line it starts on, its values by column name (blank values left
 * out), or why it could not be read at all.
 */
record Row(long line, Map<String, String> values, String unreadable) {
  static Row of(long line, Map<String, String> values) {
    return new Row(line, values, null);
  }

  static Row unreadable(long line, String reason) {
    return new Row(line, Map.of(), reason);
  }
}
