package dev.callingest.partner;

import dev.callingest.Violation;
import dev.callingest.internal.Urls;
import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Partner API's documented request rules. It reports every broken rule of a batch, in the order
 * of the request's fields, each with its path ({@code data[2].call.end_time}) and the item's call id.
 */
final class PartnerValidator {
  static final int MAX_NAME_LENGTH = 255;

  // E.164: a plus, a country code that does not start with 0, at most 15 digits in all.
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
  // Deliberately loose: one @, no spaces, a dot in the domain. The server has the final word.
  private static final Pattern EMAIL =
      Pattern.compile("[^\\s@]+@[^\\s@.]+(\\.[^\\s@.]+)+");

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
              "must hold at most " + IngestBatch.MAX_ITEMS + " calls; split the calls over several batches",
              null,
              count + " items"));
    }
    Map<String, Integer> firstIndexOfId = new HashMap<>();
    for (int i = 0; i < count; i++) {
      IngestItem item = batch.items().get(i);
      String id = item.call().id();
      String recordId = id.isBlank() ? null : id;
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
              "must be at most " + IngestBatch.MAX_REQUEST_BYTES + " bytes once serialized but is "
                  + requestBytes + " bytes; split the calls over several batches",
              null,
              null));
    }
    return violations;
  }

  /** The checks of one item, adding to a shared list. */
  private final class ItemCheck {
    private final String prefix;
    private final String recordId;
    private final List<Violation> violations;

    ItemCheck(String prefix, String recordId, List<Violation> violations) {
      this.prefix = prefix;
      this.recordId = recordId;
      this.violations = violations;
    }

    void check(IngestItem item) {
      CallDetails call = item.call();
      notBlank("call.id", call.id());
      checkRecordingUrl(call.recordingUrl());
      if (!call.endTime().truncatedTo(ChronoUnit.SECONDS)
          .isAfter(call.startTime().truncatedTo(ChronoUnit.SECONDS))) {
        add(
            "call.end_time",
            "must be after start_time (" + PartnerJson.formatTime(call.startTime()) + ")",
            PartnerJson.formatTime(call.endTime()));
      }
      if (call.contactNumber().isBlank()) {
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
      if (item.customFields().size() > IngestItem.MAX_CUSTOM_FIELDS) {
        add(
            "custom_fields",
            "must hold at most " + IngestItem.MAX_CUSTOM_FIELDS + " fields",
            item.customFields().size() + " fields");
      }
    }

    private void checkRecordingUrl(URI url) {
      String scheme = scheme(url);
      if (!(scheme.equals("http") || scheme.equals("https")) || !hasHost(url)) {
        add("call.recording_url", "must be an absolute http or https URL", Urls.withoutQuery(url.toString()));
      }
    }

    private void checkCallbackUrl(URI url) {
      String scheme = scheme(url);
      boolean loopbackHttp =
          scheme.equals("http") && hasHost(url) && Urls.isLoopbackHost(url.getHost());
      if (scheme.equals("https") && hasHost(url)) return;
      if (loopbackHttp && allowLoopbackHttpCallbacks) return;
      String rule =
          loopbackHttp
              ? "must be an https URL; plain http to a loopback host needs"
                  + " PartnerClient.Builder.allowLoopbackHttpCallbacks(true)"
              : "must be an absolute https URL";
      add("callback_url", rule, Urls.withoutQuery(url.toString()));
    }

    private void notBlank(String field, String value) {
      if (value.isBlank()) add(field, "must not be blank", value);
    }

    private void email(String field, Optional<String> value) {
      if (value.isPresent() && !EMAIL.matcher(value.get()).matches()) {
        add(field, "must be a valid email address", value.get());
      }
    }

    private void name(String field, Optional<String> value) {
      if (value.isPresent() && value.get().length() > MAX_NAME_LENGTH) {
        add(
            field,
            "must be at most " + MAX_NAME_LENGTH + " characters but has " + value.get().length(),
            null);
      }
    }

    private void add(String field, String rule, String rejectedValue) {
      violations.add(Violation.of(prefix + "." + field, rule, recordId, rejectedValue));
    }
  }

  private static String scheme(URI url) {
    return url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
  }

  private static boolean hasHost(URI url) {
    return url.getHost() != null && !url.getHost().isEmpty();
  }
}
