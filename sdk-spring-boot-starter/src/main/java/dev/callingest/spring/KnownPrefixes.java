package dev.callingest.spring;

import java.util.Set;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.context.properties.source.UnboundElementsSourceFilter;
import org.springframework.core.env.Environment;

/**
 * Refuses a {@code callingest.*} key whose second part no properties record binds, such as {@code
 * callingest.uplaod.api-key}: the records refuse unknown keys under their own prefixes, but a typo
 * in the prefix itself would reach none of them. Environment variables and system properties are
 * not checked, as in Spring Boot's own binding.
 */
final class KnownPrefixes {
  /** The second part of every {@code callingest.*} prefix a record binds. */
  static final Set<String> KNOWN = Set.of("upload", "partner", "callback", "pacing", "imports");

  private KnownPrefixes() {}

  static void check(Environment environment) {
    UnboundElementsSourceFilter checked = new UnboundElementsSourceFilter();
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      if (!checked.apply(source) || !(source instanceof IterableConfigurationPropertySource)) {
        continue;
      }
      ((IterableConfigurationPropertySource) source)
          .stream()
              .filter(KnownPrefixes::unknown)
              .findFirst()
              .ifPresent(
                  name -> {
                    throw new CallingestConfigurationException(
                        name.toString(),
                        "no callingest property starts with callingest."
                            + name.getElement(1, ConfigurationPropertyName.Form.DASHED),
                        "Check the spelling: the callingest properties start with callingest.upload,"
                            + " callingest.partner, callingest.callback, callingest.pacing or"
                            + " callingest.imports.");
                  });
    }
  }

  private static boolean unknown(ConfigurationPropertyName name) {
    return name.getNumberOfElements() >= 2
        && name.getElement(0, ConfigurationPropertyName.Form.UNIFORM).equals("callingest")
        && !KNOWN.contains(name.getElement(1, ConfigurationPropertyName.Form.UNIFORM));
  }
}
