package dev.callingest.emulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/** Builds a plausible analysis for a call, the same every time for the same call id. */
final class CallbackPayloads {
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final String[] INTENTS = {"INTERESTED", "NOT_INTERESTED", "FOLLOW_UP", "NEUTRAL"};
  private static final String[][] CHAPTERS = {
    {"Introduction", "The agent greets the customer and confirms the purpose of the call."},
    {"Needs discovery", "The customer describes their current process and what slows it down."},
    {"Product walkthrough", "The agent shows how the product fits the customer's workflow."},
    {"Pricing and next steps", "Both sides discuss plans and agree on a follow-up."},
  };

  private CallbackPayloads() {}

  static Map<String, Object> analysis(String callId, Map<?, ?> item, Instant now) {
    // Mixed so that ids differing in one character do not get neighbouring analyses.
    Random draws = new Random(callId.hashCode() * 0x9E3779B97F4A7C15L);
    int seed = draws.nextInt(Integer.MAX_VALUE);
    String intent = INTENTS[draws.nextInt(INTENTS.length)];
    int quality = 40 + draws.nextInt(56);
    int chapters = 2 + draws.nextInt(3);
    List<Object> summary = new ArrayList<>();
    for (int i = 0; i < chapters; i++) {
      summary.add(Json.obj("chapter_name", CHAPTERS[i][0], "chapter_summary", CHAPTERS[i][1]));
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    if (item.get("metadata") instanceof Map<?, ?> metadata) {
      metadata.forEach((key, value) -> meta.put(String.valueOf(key), integral(value)));
    }
    meta.put("source", "webhook");
    meta.put("timestamp", MILLIS.format(now));
    int contextScore = seed % 11;
    return Json.obj(
        "call_id", callId,
        "intent", intent,
        "intent_justification",
            "Emulated analysis: the customer's questions and answers suggest "
                + intent.toLowerCase(Locale.ROOT).replace('_', ' ')
                + ".",
        "quality_score", quality,
        "summary", summary,
        "bant",
            Json.obj(
                "needs", "- Faster reporting on calls\n- Fewer manual CRM updates",
                "objection", "- Worried about the time needed to roll out",
                "concern_categories", "Implementation",
                "objection_handling", "- The agent offered a guided onboarding plan"),
        "qualification",
            List.of(
                Json.obj("label", "Needs", "answer", "Faster reporting and fewer manual updates."),
                Json.obj("label", "Objection", "answer", "Roll-out time."),
                Json.obj(
                    "label", "Objection Handling", "answer", "Guided onboarding was offered.")),
        "quality",
            List.of(
                Json.obj(
                    "justification",
                    "The agent stated the agenda at the start.",
                    "suggestion",
                    "Keep opening calls with a short agenda.",
                    "parameter_name",
                    "Setting Context",
                    "inference_score",
                    contextScore,
                    "parameter_score",
                    10,
                    "is_fatal",
                    false),
                Json.obj(
                    "justification",
                    "The agent did not confirm the next meeting date.",
                    "suggestion",
                    "Close by agreeing on a date for the next step.",
                    "parameter_name",
                    "Next Steps",
                    "inference_score",
                    seed % 2 == 0 ? 0 : 6,
                    "parameter_score",
                    10,
                    "is_fatal",
                    seed % 2 == 0)),
        "meta", meta);
  }

  /** Moshi reads every number as a double: echo 5.0 as 5. */
  private static Object integral(Object value) {
    if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
      return d.longValue();
    }
    return value;
  }
}
