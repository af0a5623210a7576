package dev.callingest.examples.connector;

import dev.callingest.callback.CallbackConsumer;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * A CRM connector on Spring Boot with callingest-spring-boot-starter: it imports a CRM export into
 * the Partner API ({@link CallImporter}) and receives the analyses on the starter's callback
 * endpoint ({@link AnalysisInbox}). Everything about the APIs comes from {@code callingest.*}
 * properties; see docs/spring-boot.md, and {@link ConnectorDemo} to run it against the emulator
 * with no keys.
 *
 * <p>Its own properties: {@code connector.import-file} (import this file at startup) and {@code
 * connector.callback-url} (the public URL of the callback endpoint; default {@code
 * http://127.0.0.1:PORT/PATH}, right only for the emulator).
 */
@SpringBootApplication
public class ConnectorApplication {
  /** Creates the application class; Spring calls this. */
  public ConnectorApplication() {}

  /**
   * The starter's callback endpoint hands each new, verified analysis to this consumer.
   *
   * @param inbox where analyses are kept
   * @return the consumer
   */
  @Bean
  CallbackConsumer analysisConsumer(AnalysisInbox inbox) {
    return inbox::save;
  }

  /**
   * Imports {@code connector.import-file} once the web server (and so the callback endpoint) is up.
   *
   * @param importer the importer
   * @param file the file to import
   * @return the runner
   */
  @Bean
  @ConditionalOnProperty("connector.import-file")
  ApplicationRunner importOnStartup(
      CallImporter importer, @Value("${connector.import-file}") Path file) {
    return args -> System.out.println("import of " + file + ": " + importer.importFile(file));
  }

  /**
   * Runs the connector with the properties of the environment and arguments.
   *
   * @param args Spring Boot arguments, such as {@code --connector.import-file=calls.csv}
   */
  public static void main(String[] args) {
    SpringApplication.run(ConnectorApplication.class, args);
  }
}
