package dev.callingest.internal;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Each API's JSON writers and readers, reachable without sending a request: the entry point of the
 * benchmarks module, which measures exactly the bytes the clients send and the parsing they do. Not
 * for application code (see the package documentation).
 *
 * <p>The API packages keep their adapters package-private and register them here when their JSON
 * class is initialized; a lookup initializes those classes first. So the benchmarks need no class
 * of their own inside the SDK's packages (a split package, which the module system refuses).
 */
public final class WireFormats {
  /** The classes that register formats, initialized before the first lookup. */
  private static final String[] OWNERS = {
    "dev.callingest.upload.UploadBatchWriter",
    "dev.callingest.upload.UploadReader",
    "dev.callingest.partner.PartnerJson"
  };

  private static final Map<Class<?>, Function<?, byte[]>> WRITERS = new ConcurrentHashMap<>();
  private static final Map<Class<?>, Reader<?>> READERS = new ConcurrentHashMap<>();
  private static volatile boolean loaded;

  private WireFormats() {}

  /** Reads a body into a value. */
  @FunctionalInterface
  public interface Reader<T> {
    /**
     * Parses {@code body}.
     *
     * @param body a JSON body
     * @return the value
     * @throws IOException if the body is not the documented JSON
     */
    T read(byte[] body) throws IOException;
  }

  /**
   * Registers how {@code type} is written; called by the API packages.
   *
   * @param type the model type
   * @param writer the exact bytes the client sends for a value
   * @param <T> the model type
   */
  public static <T> void registerWriter(Class<T> type, Function<T, byte[]> writer) {
    WRITERS.put(type, Objects.requireNonNull(writer, "writer == null"));
  }

  /**
   * Registers how {@code type} is read; called by the API packages.
   *
   * @param type the model type
   * @param reader parses a body as the client does
   * @param <T> the model type
   */
  public static <T> void registerReader(Class<T> type, Reader<T> reader) {
    READERS.put(type, Objects.requireNonNull(reader, "reader == null"));
  }

  /**
   * The bytes the client sends for {@code value}, without validating it.
   *
   * @param type the model type, such as {@code UploadBatch} or {@code IngestBatch}
   * @param value the value
   * @param <T> the model type
   * @return compact UTF-8 JSON
   * @throws IllegalArgumentException if no API writes {@code type}
   */
  @SuppressWarnings("unchecked")
  public static <T> byte[] write(Class<T> type, T value) {
    Function<T, byte[]> writer = (Function<T, byte[]>) lookup(WRITERS, type);
    return writer.apply(value);
  }

  /**
   * Parses {@code body} as the client parses an answer of {@code type}.
   *
   * @param type the model type, such as {@code BatchStatus}
   * @param body the JSON body
   * @param <T> the model type
   * @return the value
   * @throws IOException if the body is not the documented JSON
   * @throws IllegalArgumentException if no API reads {@code type}
   */
  @SuppressWarnings("unchecked")
  public static <T> T read(Class<T> type, byte[] body) throws IOException {
    Reader<T> reader = (Reader<T>) lookup(READERS, type);
    return reader.read(body);
  }

  private static <V> V lookup(Map<Class<?>, V> formats, Class<?> type) {
    if (!loaded) {
      for (String owner : OWNERS) {
        try {
          Class.forName(owner, true, WireFormats.class.getClassLoader());
        } catch (ClassNotFoundException e) {
          throw new AssertionError(e);
        }
      }
      loaded = true;
    }
    V format = formats.get(type);
    if (format == null) throw new IllegalArgumentException("no wire format for " + type.getName());
    return format;
  }
}
