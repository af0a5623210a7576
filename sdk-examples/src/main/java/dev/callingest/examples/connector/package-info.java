/**
 * A sample CRM connector on Spring Boot with callingest-spring-boot-starter: a bulk import from a
 * file into the Partner API and the callback endpoint that receives the analyses. {@link
 * dev.callingest.examples.connector.ConnectorDemo} runs it against the local emulator; see
 * docs/spring-boot.md.
 */
@NullMarked
package dev.callingest.examples.connector;

import org.jspecify.annotations.NullMarked;
