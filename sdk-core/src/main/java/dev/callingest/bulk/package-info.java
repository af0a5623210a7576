/**
 * Bulk import: any number of calls, read lazily, cut into batches within each API's limits, paced,
 * with a ledger in which every call ends in exactly one {@link dev.callingest.bulk.CallOutcome} and
 * a journal that lets a rerun resume. Start with {@link dev.callingest.bulk.BulkImporter}.
 *
 * <p>Every parameter, return value and field in this package is non-null unless its documentation
 * says otherwise.
 */
@NullMarked
package dev.callingest.bulk;

import org.jspecify.annotations.NullMarked;
