package dev.callingest.examples.importer;

import java.io.Closeable;
import java.util.Iterator;
import java.util.NoSuchElementException;

/** The rows of an input file, read one ahead so that {@link #hasNext()} can answer. */
abstract class RowReader implements Iterator<Row>, Closeable {
  private Row next;

  /** Reads the next row, or returns {@code null} at the end of the input. */
  abstract Row advance();

  @Override
  public final boolean hasNext() {
    if (next == null) next = advance();
    return next != null;
  }

  @Override
  public final Row next() {
    if (!hasNext()) throw new NoSuchElementException();
    Row row = next;
    next = null;
    return row;
  }
}
