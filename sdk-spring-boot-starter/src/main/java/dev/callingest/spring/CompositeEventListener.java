package dev.callingest.spring;

import dev.callingest.ClientEventListener;
import dev.callingest.OperationEvent;
import dev.callingest.OperationResult;
import dev.callingest.RequestEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Tells every listener in turn. The transport already logs and ignores a listener's exception; here
 * one failing listener must not keep the others from hearing the event, so each is guarded.
 */
final class CompositeEventListener implements ClientEventListener {
  private static final System.Logger LOG = System.getLogger(CompositeEventListener.class.getName());
  private final List<ClientEventListener> listeners;

  private CompositeEventListener(List<ClientEventListener> listeners) {
    this.listeners = listeners;
  }

  static ClientEventListener of(List<ClientEventListener> listeners) {
    return listeners.size() == 1
        ? listeners.get(0)
        : new CompositeEventListener(List.copyOf(listeners));
  }

  private void each(Consumer<ClientEventListener> event) {
    for (ClientEventListener listener : listeners) {
      try {
        event.accept(listener);
      } catch (RuntimeException e) {
        LOG.log(
            System.Logger.Level.WARNING,
            "client event listener " + listener.getClass().getName() + " failed",
            e);
      }
    }
  }

  @Override
  public void operationStarted(OperationEvent operation) {
    each(l -> l.operationStarted(operation));
  }

  @Override
  public void operationEnded(OperationEvent operation, OperationResult result) {
    each(l -> l.operationEnded(operation, result));
  }

  @Override
  public void requestStarted(RequestEvent request) {
    each(l -> l.requestStarted(request));
  }

  @Override
  public void responseReceived(RequestEvent request, int statusCode, Duration elapsed) {
    each(l -> l.responseReceived(request, statusCode, elapsed));
  }

  @Override
  public void requestFailed(RequestEvent request, IOException failure, Duration elapsed) {
    each(l -> l.requestFailed(request, failure, elapsed));
  }

  @Override
  public void retryScheduled(RequestEvent failed, Duration delay, String reason, boolean inDoubt) {
    each(l -> l.retryScheduled(failed, delay, reason, inDoubt));
  }

  @Override
  public void rateLimitWait(String limit, Duration wait) {
    each(l -> l.rateLimitWait(limit, wait));
  }
}
