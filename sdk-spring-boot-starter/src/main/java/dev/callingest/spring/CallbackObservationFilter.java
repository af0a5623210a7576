package dev.callingest.spring;

import io.micrometer.observation.Observation;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;

/**
 * Wraps each request to the callback endpoint in a {@value CallingestObservations#CALLBACK}
 * observation, in scope while the servlet runs so that the servlet's outcome (told to {@link
 * CallingestObservations#onOutcome}) lands on it.
 */
final class CallbackObservationFilter implements Filter {
  private final CallingestObservations observations;

  CallbackObservationFilter(CallingestObservations observations) {
    this.observations = observations;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    Observation observation = observations.startCallback();
    try (Observation.Scope scope = observation.openScope()) {
      chain.doFilter(request, response);
    } catch (IOException | ServletException | RuntimeException | Error e) {
      observation.error(e);
      throw e;
    } finally {
      observation.stop();
    }
  }
}
