/**
 * Receives the Partner API's result callbacks safely, without tying you to a web framework: verify
 * that a callback is genuine, parse it into a {@link dev.callingest.analysis.CallAnalysis}, and
 * drop repeated deliveries. Start with {@link dev.callingest.callback.CallbackReceiver}.
 *
 * <p>The Partner API signs nothing, so you pick one scheme explicitly:
 *
 * <ul>
 *   <li>{@link dev.callingest.callback.CallbackUrlVerifier}: capability URLs made by {@link
 *       dev.callingest.callback.CallbackUrlSigner}; works with the API as documented today.
 *   <li>{@link dev.callingest.callback.StandardWebhooksVerifier}: for a sender that signs with
 *       Standard Webhooks v1 ({@link dev.callingest.callback.StandardWebhooksSigner} signs test
 *       requests).
 *   <li>{@link
 *       dev.callingest.callback.CallbackVerifier#insecureAcceptUnsignedCallbacksForLocalDevelopmentOnly()}:
 *       no verification at all, for local development only.
 * </ul>
 *
 * <p>Each delivery is handled under a lease and remembered once done in a {@link
 * dev.callingest.callback.DeliveryStore}: {@link dev.callingest.callback.InMemoryDeliveryStore} for
 * one process, {@link dev.callingest.callback.JdbcDeliveryStore} for several nodes sharing a
 * database. A 2xx is answered only after a consumer finished the delivery.
 *
 * <p>Every parameter, return value and field in this package is non-null unless its documentation
 * says otherwise; absent values are modelled with {@link java.util.Optional}.
 */
@NullMarked
package dev.callingest.callback;

import org.jspecify.annotations.NullMarked;
