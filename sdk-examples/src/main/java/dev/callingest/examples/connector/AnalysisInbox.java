package dev.callingest.examples.connector;

import dev.callingest.analysis.CallAnalysis;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/**
 * Stands in for the CRM: keeps each verified analysis by call id and the order of deliveries
 * handled. A real connector would write to its CRM here; the endpoint answers 500 if this throws,
 * and the sender retries.
 */
@Component
public class AnalysisInbox {
  private final Map<String, CallAnalysis> byCallId = new ConcurrentHashMap<>();
  private final List<String> handled = new CopyOnWriteArrayList<>();

  /** Creates an empty inbox; Spring calls this. */
  public AnalysisInbox() {}

  void save(String deliveryId, CallAnalysis analysis) {
    handled.add(analysis.callId());
    byCallId.put(analysis.callId(), analysis);
    System.out.println(
        "analysis "
            + analysis.callId()
            + ": intent "
            + analysis.rawIntent().orElse("-")
            + ", quality score "
            + analysis.qualityScore().map(Object::toString).orElse("-"));
  }

  /** {@return the analyses received, by call id} */
  public Map<String, CallAnalysis> analyses() {
    return Map.copyOf(byCallId);
  }

  /** {@return the call id of each delivery handled, in order: a duplicate would show twice} */
  public List<String> handled() {
    return List.copyOf(handled);
  }
}
