package dev.callingest.examples.receiver;

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
 * A Jakarta Servlet that hands each POST to a {@link CallbackReceiver} and answers with its status:
 * 200 accepted or duplicate, 400/401/413/415 refused, 500 when the consumer threw. Other methods get
 * the servlet's own 405. Mount it on any Servlet 6 container; {@link JettyReceiver} runs it on
 * embedded Jetty.
 */
public final class CallbackServlet extends HttpServlet {
  private static final System.Logger LOG = System.getLogger(CallbackServlet.class.getName());

  private final transient CallbackReceiver receiver;
  private final transient CallbackConsumer consumer;

  /**
   * Creates the servlet.
   *
   * @param receiver verifies, parses and de-duplicates the callbacks
   * @param consumer your handling of each new, authentic callback
   */
  public CallbackServlet(CallbackReceiver receiver, CallbackConsumer consumer) {
    this.receiver = Objects.requireNonNull(receiver, "receiver == null");
    this.consumer = Objects.requireNonNull(consumer, "consumer == null");
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
    if (!outcome.isAccepted()) {
      LOG.log(System.Logger.Level.INFO, "callback {0}: {1}", outcome.kind(), outcome.reason());
    }
    resp.setStatus(outcome.statusCode());
  }
}
