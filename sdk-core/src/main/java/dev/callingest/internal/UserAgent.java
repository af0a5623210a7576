package dev.callingest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/** The User-Agent header: {@code callingest-java/<version> (Java <version>; <os>)}. */
final class UserAgent {
  static final String SDK_VERSION = readVersion();

  private UserAgent() {}

  static String of(@Nullable String appInfo) {
    String base =
        "callingest-java/"
            + SDK_VERSION
            + " (Java "
            + System.getProperty("java.version")
            + "; "
            + System.getProperty("os.name")
            + ")";
    return appInfo == null ? base : base + " " + appInfo;
  }

  private static String readVersion() {
    try (InputStream in = UserAgent.class.getResourceAsStream("version.properties")) {
      if (in == null) return "unknown";
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
