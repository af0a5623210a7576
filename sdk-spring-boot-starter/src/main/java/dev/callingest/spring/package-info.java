/**
 * Spring Boot auto-configuration for callingest-java: {@code UploadClient} and {@code
 * PartnerClient} beans from {@code callingest.upload.*} and {@code callingest.partner.*} ({@link
 * dev.callingest.spring.UploadProperties}, {@link dev.callingest.spring.PartnerProperties}), a
 * callback endpoint from {@code callingest.callback.*} ({@link
 * dev.callingest.spring.CallbackProperties}) with its table created by Spring Boot's script
 * initialization, Micrometer meters ({@link dev.callingest.spring.CallingestMetrics}) and
 * observations ({@link dev.callingest.spring.CallingestObservations}). Misconfiguration is reported
 * through Spring Boot's failure analysis ({@link
 * dev.callingest.spring.CallingestConfigurationException}). See docs/spring-boot.md.
 *
 * <p>Every parameter and return value in this package is non-null unless its documentation says
 * otherwise.
 */
@NullMarked
package dev.callingest.spring;

import org.jspecify.annotations.NullMarked;
