package dev.callingest.spring;

import dev.callingest.ClientEventListener;

/**
 * Makes a {@link ClientEventListener} for each auto-configured client, knowing which API it serves
 * (plain {@code ClientEventListener} beans are shared by both clients and do not know). The
 * starter's {@link CallingestMetrics} and {@link CallingestObservations} are two; declare your own
 * as a bean for logging or another tracer.
 */
@FunctionalInterface
public interface ClientEventListenerFactory {
  /**
   * Creates the listener of one client.
   *
   * @param api the client's API
   * @return its listener
   */
  ClientEventListener create(CallingestApi api);
}
