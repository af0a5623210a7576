package dev.callingest.partner;

import dev.callingest.Violation;
import dev.callingest.internal.FieldRules;
import dev.callingest.internal.IsoTimes;
import dev.callingest.internal.UrlCheck;
import dev.callingest.internal.UrlRedaction;
import dev.callingest.internal.Urls;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The Partner API's documented request rules. It reports every broken rule of a batch, in the order
 * of the request's fields, each with its path ({@code data[2].call.end_time}) and the item's call
 * id.
 */
final class PartnerValidator {
  /** The most characters (code points) of an agent's or customer's name. */
  static final int MAX_NAME_LENGTH = 255;

  static final String RECORDING_URL_RULE = "must be an absolute http or https URL with a host";
  static final String CALLBACK_URL_RULE = "must be an absolute https URL with a host";

  // E.164: a plus, a country code that does not start with 0, at most 15 digits in all.
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

  private final boolean allowLoopbackHttpCallbacks;

  PartnerValidator(boolean allowLoopbackHttpCallbacks) {
    this.allowLoopbackHttpCallbacks = allowLoopbackHttpCallbacks;
  }

  /**
   * Every broken rule of {@code batch}.
   *
   * @param requestBytes the size of the serialized request body, as it would be sent
   */
  List<Violation> validate(IngestBatch batch, int requestBytes) {
    List<Violation> violations = new ArrayList<>();
    int count = batch.items().size();
    if (count == 0) {
      violations.add(Violation.of("data", "must hold at least 1 call", null, "0 items"));
    } else if (count > IngestBatch.MAX_ITEMS) {
      violations.add(
          Violation.of(
              "data",
              "must hold at most "
                  + IngestBatch.MAX_ITEMS
                  + " calls; split the calls over several batches",
              null,
              count + " items"));
    }
    Map<String, Integer> firstIndexOfId = new HashMap<>();
    for (int i = 0; i < count; i++) {
      IngestItem item = batch.items().get(i);
      String id = item.call().id();
      String recordId = FieldRules.isBlank(id) ? null : id;
      new ItemCheck("data[" + i + "]", recordId, violations).check(item);
      if (recordId != null) {
        Integer first = firstIndexOfId.putIfAbsent(id, i);
        if (first != null) {
          violations.add(
              Violation.of(
                  "data[" + i + "].call.id",
                  "must be unique within the batch; data[" + first + "] has the same id",
                  recordId,
                  id));
        }
      }
    }
    if (requestBytes > IngestBatch.MAX_REQUEST_BYTES) {
      violations.add(
          Violation.of(
              "request",
              "must be at most "
                  + IngestBatch.MAX_REQUEST_BYTES
                  + " bytes once serialized but is "
                  + requestBytes
                  + " bytes; split the calls over several batches",
              null,
              null));
    }
    return violations;
  }

  /** The checks of one item, adding to a shared list. */
  private final class ItemCheck {
    private final String prefix;
    private final @Nullable String recordId;
    private final List<Violation> violations;

    ItemCheck(String prefix, @Nullable String recordId, List<Violation> violations) {
      this.prefix = prefix;
      this.recordId = recordId;
      this.violations = violations;
    }

    void check(IngestItem item) {
      CallDetails call = item.call();
      notBlank("call.id", call.id());
      checkRecordingUrl(call.recordingUrl());
      boolean startWritable = time("call.start_time", call.startTime());
      boolean endWritable = time("call.end_time", call.endTime());
      if (startWritable
          && endWritable
          && !call.endTime()
              .truncatedTo(ChronoUnit.SECONDS)
              .isAfter(call.startTime().truncatedTo(ChronoUnit.SECONDS))) {
        add(
            "call.end_time",
            "must be after start_time (" + PartnerJson.formatTime(call.startTime()) + ")",
            PartnerJson.formatTime(call.endTime()));
      }
      if (FieldRules.isBlank(call.contactNumber())) {
        add("call.contact_number", "must not be blank", call.contactNumber());
      } else if (!E164.matcher(call.contactNumber()).matches()) {
        add(
            "call.contact_number",
            "must be an E.164 number such as +14155550123 (a plus, then 2 to 15 digits)",
            call.contactNumber());
      }

      Agent agent = item.agent();
      notBlank("agent.id", agent.id());
      email("agent.email", agent.email());
      name("agent.name", agent.name());

      Customer customer = item.customer();
      notBlank("customer.id", customer.id());
      name("customer.name", customer.name());
      email("customer.email", customer.email());

      item.callbackUrl().ifPresent(this::checkCallbackUrl);
      if (item.metadata().size() > IngestItem.MAX_METADATA_PAIRS) {
        add(
            "metadata",
            "must hold at most " + IngestItem.MAX_METADATA_PAIRS + " pairs",
            item.metadata().size() + " pairs");
      }
      item.metadata()
          .forEach(
              (key, value) -> {
                if (value.isBoolean())
                  add("metadata." + key, "must be a string or a number", value.toString());
              });
      if (item.customFields().size() > IngestItem.MAX_CUSTOM_FIELDS) {
        add(
            "custom_fields",
            "must hold at most " + IngestItem.MAX_CUSTOM_FIELDS + " fields",
            item.customFields().size() + " fields");
      }
      for (int i = 0; i < item.customFields().size(); i++) {
        notBlank(
            "custom_fields[" + i + "].internal_name", item.customFields().get(i).internalName());
      }
    }

    /** Checks that {@code time} is written with a year 0001 to 9999; returns whether it is. */
    private boolean time(String field, Instant time) {
      if (IsoTimes.isWritable(time)) return true;
      add(field, "must have a year from 0001 to 9999", PartnerJson.formatTime(time));
      return false;
    }

    private void checkRecordingUrl(String text) {
      UrlCheck check = FieldRules.url(text);
      Optional<String> problem = check.problem();
      if (problem.isEmpty() && !check.scheme().equals("http") && !check.scheme().equals("https")) {
        problem = Optional.of("has the scheme " + check.scheme());
      }
      problem.ifPresent(
          it ->
              add(
                  "call.recording_url",
                  RECORDING_URL_RULE + " (it " + it + ")",
                  UrlRedaction.redact(text)));
    }

    private void checkCallbackUrl(String text) {
      UrlCheck check = FieldRules.url(text);
      Optional<String> problem = check.problem();
      if (problem.isEmpty() && check.scheme().equals("https")) return;
      boolean loopbackHttp =
          problem.isEmpty() && check.scheme().equals("http") && Urls.isLoopbackHost(check.host());
      if (loopbackHttp && allowLoopbackHttpCallbacks) return;
      String rule =
          loopbackHttp
              ? "must be an https URL; plain http to a loopback host needs"
                  + " PartnerClient.Builder.allowLoopbackHttpCallbacks(true)"
              : CALLBACK_URL_RULE
                  + " (it "
                  + problem.orElse("has the scheme " + check.scheme())
                  + ")";
      add("callback_url", rule, UrlRedaction.redact(text));
    }

    private void notBlank(String field, String value) {
      if (FieldRules.isBlank(value)) add(field, "must not be blank", value);
    }

    private void email(String field, Optional<String> value) {
      if (value.isPresent() && !FieldRules.isEmail(value.get())) {
        add(field, "must be a valid email address", value.get());
      }
    }

    private void name(String field, Optional<String> value) {
      int characters = value.map(FieldRules::characters).orElse(0);
      if (characters > MAX_NAME_LENGTH) {
        add(
            field,
            "must be at most " + MAX_NAME_LENGTH + " characters but has " + characters,
            null);
      }
    }

    private void add(String field, String rule, @Nullable String rejectedValue) {
      violations.add(Violation.of(prefix + "." + field, rule, recordId, rejectedValue));
    }
  }
}
