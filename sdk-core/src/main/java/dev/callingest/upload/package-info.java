/**
 * The Upload API: submit batches of 1 to 100 call recordings, poll a batch's status and wait for it
 * to finish. Start with {@link dev.callingest.upload.UploadClient}.
 *
 * <p>Every parameter, return value and field in this package is non-null unless its documentation
 * says otherwise; absent values are modelled with {@link java.util.Optional}.
 */
@ModelStyle
@NullMarked
package dev.callingest.upload;

import dev.callingest.internal.ModelStyle;
import org.jspecify.annotations.NullMarked;
