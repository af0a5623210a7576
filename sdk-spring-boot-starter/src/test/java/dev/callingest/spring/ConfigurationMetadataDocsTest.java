package dev.callingest.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The property tables of docs/spring-boot.md list exactly the properties of the generated
 * configuration metadata, each with the metadata's default ("none" where it has none).
 */
class ConfigurationMetadataDocsTest {
  static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| (none|`([^`]*)`) \\|");
  static final Pattern BRACES = Pattern.compile("\\{([^}]+)}");

  @Test
  void docsTablesMatchTheGeneratedMetadata() throws Exception {
    assertThat(documented()).isEqualTo(metadata());
  }

  @Test
  void everyPropertyHasADescriptionInTheMetadata() throws Exception {
    assertThat(properties())
        .allSatisfy(
            property ->
                assertThat(property.get("description"))
                    .as(property.get("name") + " has a description")
                    .isNotNull());
  }

  static List<Map<String, Object>> properties() throws Exception {
    try (InputStream in =
        ConfigurationMetadataDocsTest.class.getResourceAsStream(
            "/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("the configuration processor ran").isNotNull();
      JsonAdapter<Map<String, Object>> adapter =
          new Moshi.Builder()
              .build()
              .adapter(Types.newParameterizedType(Map.class, String.class, Object.class));
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> properties =
          (List<Map<String, Object>>)
              adapter
                  .fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                  .get("properties");
      return properties;
    }
  }

  /** Name to default as the docs should show it: the metadata's text, or "none". */
  static Map<String, String> metadata() throws Exception {
    Map<String, String> defaults = new TreeMap<>();
    for (Map<String, Object> property : properties()) {
      Object value = property.get("defaultValue");
      String text =
          value == null
              ? "none"
              : value instanceof Double && (Double) value == Math.rint((Double) value)
                  ? Long.toString(((Double) value).longValue())
                  : value.toString();
      defaults.put((String) property.get("name"), text);
    }
    return defaults;
  }

  static Map<String, String> documented() throws Exception {
    Map<String, String> defaults = new TreeMap<>();
    boolean inPropertyTable = false;
    for (String line : Files.readAllLines(Path.of("..", "docs", "spring-boot.md"))) {
      if (!line.startsWith("|")) {
        inPropertyTable = false;
        continue;
      }
      if (line.startsWith("| property | default |")) {
        inPropertyTable = true;
        continue;
      }
      Matcher row = ROW.matcher(line);
      if (!inPropertyTable || !row.find()) continue;
      String value = row.group(3) == null ? "none" : row.group(3);
      for (String name : expand(row.group(1))) {
        assertThat(defaults.put(name, value)).as(name + " is documented once").isNull();
      }
    }
    return defaults;
  }

  /** {@code callingest.{upload,partner}.x} stands for both names. */
  static List<String> expand(String name) {
    Matcher braces = BRACES.matcher(name);
    if (!braces.find()) return List.of(name);
    return java.util.Arrays.stream(braces.group(1).split(","))
        .map(choice -> name.substring(0, braces.start()) + choice + name.substring(braces.end()))
        .toList();
  }
}
