package dev.callingest.examples.importer;

import dev.callingest.partner.Agent;
import dev.callingest.partner.CallDetails;
import dev.callingest.partner.Customer;
import dev.callingest.partner.IngestItem;
import dev.callingest.upload.CallDirection;
import dev.callingest.upload.UploadCall;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps a CRM row to a call of either API. It only parses: a value that cannot be turned into the
 * model's type (a date, a number, a direction) or a required column left empty makes the row bad;
 * whether the call then follows the API's rules (an email's form, a positive duration, E.164) is
 * the SDK's validation, which rejects it with the field's path.
 */
final class RowMapping {
  static final List<String> UPLOAD_REQUIRED =
      List.of("call_id", "recording_url", "agent_email", "started_at");
  static final List<String> PARTNER_REQUIRED =
      List.of(
          "call_id",
          "recording_url",
          "started_at",
          "duration_seconds",
          "contact_phone",
          "agent_id",
          "customer_id");

  private RowMapping() {}

  /** Why a row cannot become a call; the message names the column. */
  static final class BadRowException extends Exception {
    private static final long serialVersionUID = 1L;

    BadRowException(String message) {
      super(message);
    }
  }

  static UploadCall toUploadCall(Row row) throws BadRowException {
    Map<String, String> v = row.values();
    UploadCall.Builder call =
        UploadCall.builder()
            .externalId(required(v, "call_id", "Upload"))
            .audioUrl(required(v, "recording_url", "Upload"))
            .userEmail(required(v, "agent_email", "Upload"))
            .callDate(dateTime(v, "started_at", "Upload"));
    if (v.containsKey("contact_name")) call.contactName(v.get("contact_name"));
    if (v.containsKey("contact_phone")) call.contactPhone(v.get("contact_phone"));
    if (v.containsKey("contact_email")) call.contactEmail(v.get("contact_email"));
    if (v.containsKey("duration_seconds")) call.durationSeconds(wholeNumber(v, "duration_seconds"));
    if (v.containsKey("direction")) call.direction(direction(v.get("direction")));
    return call.build();
  }

  static IngestItem toIngestItem(Row row, String callbackUrl) throws BadRowException {
    Map<String, String> v = row.values();
    OffsetDateTime start = dateTime(v, "started_at", "Partner");
    required(v, "duration_seconds", "Partner");
    CallDetails.Builder call =
        CallDetails.builder()
            .id(required(v, "call_id", "Partner"))
            .startTime(start.toInstant())
            .endTime(start.toInstant().plusSeconds(wholeNumber(v, "duration_seconds")))
            .contactNumber(required(v, "contact_phone", "Partner"));
    try {
      call.recordingUrl(required(v, "recording_url", "Partner"));
    } catch (IllegalArgumentException e) {
      throw new BadRowException("recording_url \"" + v.get("recording_url") + "\" is not a URI");
    }
    Agent.Builder agent = Agent.builder().id(required(v, "agent_id", "Partner"));
    if (v.containsKey("agent_email")) agent.email(v.get("agent_email"));
    Customer.Builder customer = Customer.builder().id(required(v, "customer_id", "Partner"));
    if (v.containsKey("contact_name")) customer.name(v.get("contact_name"));
    if (v.containsKey("contact_email")) customer.email(v.get("contact_email"));
    IngestItem.Builder item =
        IngestItem.builder().call(call.build()).agent(agent.build()).customer(customer.build());
    if (v.containsKey("direction"))
      item.putMetadata("direction", direction(v.get("direction")).wireValue());
    if (callbackUrl != null) item.callbackUrl(callbackUrl);
    return item.build();
  }

  private static String required(Map<String, String> v, String column, String api)
      throws BadRowException {
    String value = v.get(column);
    if (value == null)
      throw new BadRowException(column + " is empty; the " + api + " API requires it");
    return value;
  }

  private static OffsetDateTime dateTime(Map<String, String> v, String column, String api)
      throws BadRowException {
    String text = required(v, column, api);
    try {
      return OffsetDateTime.parse(text);
    } catch (DateTimeParseException e) {
      throw new BadRowException(
          column
              + " \""
              + text
              + "\" is not an ISO 8601 date-time with an offset, such as 2025-01-15T14:30:00Z");
    }
  }

  private static long wholeNumber(Map<String, String> v, String column) throws BadRowException {
    String text = v.get(column);
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new BadRowException(column + " \"" + text + "\" is not a whole number");
    }
  }

  private static CallDirection direction(String text) throws BadRowException {
    for (CallDirection direction : CallDirection.values()) {
      if (direction.wireValue().equals(text.toLowerCase(Locale.ROOT))) return direction;
    }
    throw new BadRowException("direction \"" + text + "\" is neither inbound nor outbound");
  }
}
