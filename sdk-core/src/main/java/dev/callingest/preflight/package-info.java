/**
 * Recording preflight: checks, before a call is sent, that the API will be able to fetch its
 * recording (reachable without credentials, within the size limit, in a documented format, and for
 * a presigned URL, not expired by the time the call is processed). A call whose recording cannot be
 * fetched still costs a slot of the API's hourly budget; the preflight finds it first. Start with
 * {@link dev.callingest.preflight.RecordingPreflight}.
 *
 * <p>The preflight sees what this process can reach, which may differ from what the API's servers
 * can reach: a URL on a private network passes here and fails there, and a host that blocks this
 * machine fails here and may pass there.
 *
 * <p>Every parameter, return value and field in this package is non-null unless its documentation
 * says otherwise.
 */
@NullMarked
package dev.callingest.preflight;

import org.jspecify.annotations.NullMarked;
