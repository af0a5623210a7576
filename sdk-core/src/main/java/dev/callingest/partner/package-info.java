/**
 * The Partner API: submit batches of 1 to 50 calls with agent and customer data, and read the call
 * analysis ({@link dev.callingest.analysis.CallAnalysis}) that arrives on the callback URL. Start
 * with {@link dev.callingest.partner.PartnerClient}.
 *
 * <p>Every parameter, return value and field in this package is non-null unless its documentation
 * says otherwise; absent values are modelled with {@link java.util.Optional}.
 */
@ModelStyle
@NullMarked
package dev.callingest.partner;

import dev.callingest.internal.ModelStyle;
import org.jspecify.annotations.NullMarked;
