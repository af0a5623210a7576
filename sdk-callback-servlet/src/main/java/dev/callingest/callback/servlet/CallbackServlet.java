package dev.callingest.callback.servlet;

import dev.callingest.callback.CallbackConsumer;
import dev.callingest.callback.CallbackOutcome;
import dev.callingest.callback.CallbackReceiver;
import dev.callingest.callback.CallbackRequest;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Objects;

/**
 * A Jakarta Servlet that hands each POST to a {@link CallbackReceiver}, runs your {@link
 * CallbackConsumer} on each new, authentic callback and answers with the receiver's status: 200
 * once the consumer returned or for a delivery a consumer already finished, 400/401/413/415
 * refused, 500 when the consumer threw or its success could not be recorded, 503 with {@code
 * Retry-After} while another node's consumer holds the delivery. Other methods get the servlet's
 * own 405. It writes no response body. When the delivery store fails before the consumer runs, the
 * receiver's exception reaches the container, which answers 500.
 *
 * <pre>{@code
 * CallbackReceiver receiver = CallbackReceiver.builder()
 *     .verifier(StandardWebhooksVerifier.builder().addSecret(System.getenv("WEBHOOK_SECRET")).build())
 *     .build();
 * servletContext.addServlet("callbacks", new CallbackServlet(receiver, (id, analysis) -> crm.save(analysis)))
 *     .addMapping("/callbacks");
 * }</pre>
 *
 * <p>Works on any Servlet 6.0 or later container (Jetty 12 ee10/ee11, Tomcat 10.1/11, Undertow).
 * The receiver reads the raw body stream itself, so no filter in front of it may consume or rewrite
 * the body: the signature covers the exact bytes sent. Refused requests are logged at {@code INFO}
 * with the outcome's reason, which never holds a secret; deliveries answered 503 at {@code INFO};
 * consumer failures at {@code WARNING} with the exception.
 */
public final class CallbackServlet extends HttpServlet {
  private static final System.Logger LOG = System.getLogger(CallbackServlet.class.getName());

  /** Hears every outcome, for metrics or audit: pass one to the three-argument constructor. */
  @FunctionalInterface
  public interface OutcomeListener {
    /**
     * One request was handled. Called on the request's thread before the status is written; an
     * exception thrown here is logged and ignored.
     *
     * @param outcome what the receiver decided
     */
    void onOutcome(CallbackOutcome outcome);
  }

  private final transient CallbackReceiver receiver;
  private final transient CallbackConsumer consumer;
  private final transient OutcomeListener listener;

  /**
   * Creates the servlet.
   *
   * @param receiver verifies, parses and de-duplicates the callbacks
   * @param consumer your handling of each new, authentic callback
   */
  public CallbackServlet(CallbackReceiver receiver, CallbackConsumer consumer) {
    this(receiver, consumer, outcome -> {});
  }

  /**
   * Creates the servlet with a listener that hears every outcome.
   *
   * @param receiver verifies, parses and de-duplicates the callbacks
   * @param consumer your handling of each new, authentic callback
   * @param listener hears each outcome, such as a metrics counter
   */
  public CallbackServlet(
      CallbackReceiver receiver, CallbackConsumer consumer, OutcomeListener listener) {
    this.receiver = Objects.requireNonNull(receiver, "receiver == null");
    this.consumer = Objects.requireNonNull(consumer, "consumer == null");
    this.listener = Objects.requireNonNull(listener, "listener == null");
  }

  /**
   * Receives one callback: the raw URI with its query, every header and the body as a stream whose
   * declared length lets the receiver refuse an oversized body before reading it.
   */
  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String query = req.getQueryString();
    CallbackRequest.Builder request =
        CallbackRequest.builder()
            .method(req.getMethod())
            .uri(req.getRequestURI() + (query == null ? "" : "?" + query))
            .body(req.getInputStream(), req.getContentLengthLong());
    for (String name : Collections.list(req.getHeaderNames())) {
      for (String value : Collections.list(req.getHeaders(name))) request.header(name, value);
    }
    CallbackOutcome outcome = receiver.handle(request.build(), consumer);
    if (outcome.kind() == CallbackOutcome.Kind.FAILED) {
      LOG.log(
          System.Logger.Level.WARNING,
          "callback "
              + outcome.deliveryId().orElse("?")
              + ": "
              + outcome.reason()
              + "; answering 500 so that the sender retries",
          outcome.failure().orElse(null));
    } else if (outcome.kind() == CallbackOutcome.Kind.REJECTED
        || outcome.kind() == CallbackOutcome.Kind.IN_PROGRESS) {
      LOG.log(System.Logger.Level.INFO, "callback {0}: {1}", outcome.kind(), outcome.reason());
    }
    try {
      listener.onOutcome(outcome);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "callback outcome listener failed", e);
    }
    resp.setStatus(outcome.statusCode());
    outcome.retryAfterSeconds().ifPresent(seconds -> resp.setHeader("Retry-After", seconds));
  }

  @Override
  public String toString() {
    return "CallbackServlet{receiver=" + receiver + "}";
  }
}
