/**
 * Where client-side pacing keeps what it counts, so that several processes sharing one account can
 * share its limits: the {@link dev.callingest.pacing.PacingStore} SPI, the in-memory default
 * ({@link dev.callingest.pacing.InMemoryPacingStore}, this process only) and {@link
 * dev.callingest.pacing.JdbcPacingStore} (PostgreSQL, H2; MySQL and MariaDB by their DDL).
 *
 * <p>Give a store and an account key to {@code UploadPacing.Builder.store} or {@code
 * PartnerPacing.Builder.store}; every client configured with the same store and account key shares
 * one set of sliding windows, in-flight slots and the server's "busy" back-off. See {@code
 * docs/replicas.md}.
 *
 * <p>Every parameter, return value and field in this package is non-null unless its documentation
 * says otherwise.
 */
@NullMarked
package dev.callingest.pacing;

import org.jspecify.annotations.NullMarked;
