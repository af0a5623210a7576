package dev.callingest.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The Partner API's rules, written from its document (not shared with the SDK). Each violation is a
 * {@code {field, message}} pair whose field is a path such as {@code data[0].call.id}. The field
 * rules themselves (blank, email, URL, time, length) are {@link ServerRules}.
 */
final class PartnerValidation {
  static final int MAX_ITEMS = 50;
  private static final Pattern E164 = Pattern.compile("^\\+[1-9]\\d{1,14}$");

  private final List<Map<String, Object>> errors = new ArrayList<>();

  /** Validates a parsed body; returns the violations, empty when valid. */
  static List<Map<String, Object>> validate(Object body) {
    PartnerValidation v = new PartnerValidation();
    v.body(body);
    return v.errors;
  }

  private void add(String field, String message) {
    errors.add(Json.obj("field", field, "message", message));
  }

  private void body(Object body) {
    Object data = body instanceof Map<?, ?> map ? map.get("data") : null;
    if (!(data instanceof List<?> items)) {
      add("data", "data must be an array");
      return;
    }
    if (items.isEmpty()) {
      add("data", "data must contain at least 1 item");
      return;
    }
    if (items.size() > MAX_ITEMS) {
      add("data", "data must contain no more than " + MAX_ITEMS + " items");
      return;
    }
    for (int i = 0; i < items.size(); i++) {
      item("data[" + i + "]", items.get(i));
    }
  }

  private void item(String path, Object value) {
    if (!(value instanceof Map<?, ?> item)) {
      add(path, "each item must be an object");
      return;
    }
    Map<?, ?> call = object(item, path, "call", true);
    if (call != null) {
      String p = path + ".call";
      required(call, p, "id");
      String url = required(call, p, "recording_url");
      if (url != null && !isUrl(url, false)) {
        add(p + ".recording_url", "recording_url must be a URL address");
      }
      String start = required(call, p, "start_time");
      Instant startAt = start == null ? null : utc(p, "start_time", start);
      String end = required(call, p, "end_time");
      Instant endAt = end == null ? null : utc(p, "end_time", end);
      if (startAt != null && endAt != null && !endAt.isAfter(startAt)) {
        add(p + ".end_time", "end_time must be after start_time");
      }
      String number = required(call, p, "contact_number");
      if (number != null && !E164.matcher(number).matches()) {
        add(
            p + ".contact_number",
            "contact_number must be a phone number in E.164 format, such as +1234567890");
      }
    }
    Map<?, ?> agent = object(item, path, "agent", true);
    if (agent != null) {
      String p = path + ".agent";
      required(agent, p, "id");
      email(agent, p);
      maxLength(agent, p, "name");
    }
    Map<?, ?> customer = object(item, path, "customer", true);
    if (customer != null) {
      String p = path + ".customer";
      required(customer, p, "id");
      email(customer, p);
      maxLength(customer, p, "name");
      optional(customer, p, "disposition_status");
    }
    String callback = optional(item, path, "callback_url");
    if (callback != null && !isUrl(callback, true)) {
      add(path + ".callback_url", "callback_url must be a URL address starting with https://");
    }
    optional(item, path, "industry");
    optional(item, path, "function");
    metadata(item, path);
    customFields(item, path);
  }

  private @Nullable Map<?, ?> object(Map<?, ?> parent, String path, String name, boolean required) {
    Object value = parent.get(name);
    if (value == null) {
      if (required) {
        add(path + "." + name, name + " should not be empty");
      }
      return null;
    }
    if (!(value instanceof Map<?, ?> map)) {
      add(path + "." + name, name + " must be an object");
      return null;
    }
    return map;
  }

  private @Nullable String required(Map<?, ?> parent, String path, String name) {
    Object value = parent.get(name);
    if (value == null || (value instanceof String s && ServerRules.isBlank(s))) {
      add(path + "." + name, name + " should not be empty");
      return null;
    }
    if (!(value instanceof String s)) {
      add(path + "." + name, name + " must be a string");
      return null;
    }
    return s;
  }

  private @Nullable String optional(Map<?, ?> parent, String path, String name) {
    Object value = parent.get(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s)) {
      add(path + "." + name, name + " must be a string");
      return null;
    }
    return s;
  }

  private void email(Map<?, ?> parent, String path) {
    String email = optional(parent, path, "email");
    if (email != null && !ServerRules.isEmail(email)) {
      add(path + ".email", "email must be an email");
    }
  }

  private void maxLength(Map<?, ?> parent, String path, String name) {
    String value = optional(parent, path, name);
    if (value != null && ServerRules.length(value) > 255) {
      add(path + "." + name, name + " must be shorter than or equal to 255 characters");
    }
  }

  private @Nullable Instant utc(String path, String name, String value) {
    Instant time = ServerRules.utcTime(value);
    if (time == null) {
      add(
          path + "." + name,
          name
              + " must be an ISO 8601 date in UTC ending in Z"
              + " (YYYY-MM-DDThh:mm:ssZ) with a year from 0001 to 9999");
    }
    return time;
  }

  private void metadata(Map<?, ?> item, String path) {
    Object value = item.get("metadata");
    if (value == null) {
      return;
    }
    if (!(value instanceof Map<?, ?> pairs)) {
      add(path + ".metadata", "metadata must be an object");
      return;
    }
    if (pairs.size() > 5) {
      add(path + ".metadata", "metadata must not have more than 5 key-value pairs");
    }
    for (Map.Entry<?, ?> pair : pairs.entrySet()) {
      if (!(pair.getValue() instanceof String || pair.getValue() instanceof Double)) {
        add(path + ".metadata." + pair.getKey(), "metadata values must be strings or numbers");
      }
    }
  }

  private void customFields(Map<?, ?> item, String path) {
    Object value = item.get("custom_fields");
    if (value == null) {
      return;
    }
    if (!(value instanceof List<?> fields)) {
      add(path + ".custom_fields", "custom_fields must be an array");
      return;
    }
    if (fields.size() > 10) {
      add(path + ".custom_fields", "custom_fields must contain no more than 10 elements");
    }
    for (int i = 0; i < fields.size(); i++) {
      String p = path + ".custom_fields[" + i + "]";
      if (!(fields.get(i) instanceof Map<?, ?> field)) {
        add(p, "each custom field must be an object");
        continue;
      }
      required(field, p, "internal_name");
      Object fieldValue = field.get("value");
      if (fieldValue != null
          && !(fieldValue instanceof String
              || fieldValue instanceof Double
              || fieldValue instanceof Boolean)) {
        add(p + ".value", "value must be a string, number or boolean");
      }
    }
  }

  /**
   * Tells whether {@code url} is an absolute http(s) URL with a host. A callback URL must be https,
   * except that the emulator allows http on loopback hosts (the real API requires https).
   */
  static boolean isUrl(String url, boolean callback) {
    ServerRules.Url parsed = ServerRules.url(url);
    if (!parsed.valid()) {
      return false;
    }
    if (parsed.scheme().equals("https")) {
      return true;
    }
    return parsed.scheme().equals("http") && (!callback || AudioFetcher.isLoopback(parsed.host()));
  }
}
