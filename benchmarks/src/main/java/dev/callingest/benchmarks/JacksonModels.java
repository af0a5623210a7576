package dev.callingest.benchmarks;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The baseline's models: the plain mutable classes most SDKs bind with Jackson databind. They do
 * the same work as the SDK where it matters to a fair comparison: dates are typed ({@link
 * OffsetDateTime}, {@link Instant}) and formatted or parsed to the same text, URLs are {@link
 * URI}s, scores are {@link BigDecimal}s, absent values are left out. Jackson's own data-time module
 * is not used, so that the baseline needs jackson-databind alone; the getters and setters below do
 * what it would do.
 */
final class JacksonModels {
  /** Configured once and shared, as Jackson's documentation recommends. */
  static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private JacksonModels() {}

  // --- Upload API request -------------------------------------------------------------------

  static final class UploadBatchDto {
    public List<UploadCallDto> calls = new ArrayList<>();
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  static final class UploadCallDto {
    @JsonProperty("external_id")
    public String externalId;

    @JsonProperty("audio_url")
    public String audioUrl;

    @JsonProperty("user_email")
    public String userEmail;

    @JsonProperty("contact_name")
    public String contactName;

    @JsonProperty("contact_phone")
    public String contactPhone;

    @JsonProperty("contact_email")
    public String contactEmail;

    @JsonIgnore public OffsetDateTime callDate;
    public String direction;
    public Long duration;
    public Map<String, Object> metadata = new LinkedHashMap<>();

    @JsonProperty("call_date")
    public String callDateText() {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(callDate);
    }
  }

  // --- Partner API request ------------------------------------------------------------------

  static final class IngestBatchDto {
    public List<IngestItemDto> data = new ArrayList<>();
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  static final class IngestItemDto {
    public CallDto call = new CallDto();
    public AgentDto agent = new AgentDto();
    public CustomerDto customer = new CustomerDto();
    public String industry;
    public String function;

    @JsonProperty("callback_url")
    public URI callbackUrl;

    public Map<String, Object> metadata = new LinkedHashMap<>();

    @JsonProperty("custom_fields")
    public List<CustomFieldDto> customFields = new ArrayList<>();
  }

  static final class CallDto {
    public String id;

    @JsonProperty("recording_url")
    public URI recordingUrl;

    @JsonIgnore public Instant startTime;
    @JsonIgnore public Instant endTime;

    @JsonProperty("contact_number")
    public String contactNumber;

    @JsonProperty("start_time")
    public String startTimeText() {
      return DateTimeFormatter.ISO_INSTANT.format(startTime.truncatedTo(ChronoUnit.SECONDS));
    }

    @JsonProperty("end_time")
    public String endTimeText() {
      return DateTimeFormatter.ISO_INSTANT.format(endTime.truncatedTo(ChronoUnit.SECONDS));
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  static final class AgentDto {
    public String id;
    public String email;
    public String name;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  static final class CustomerDto {
    public String id;
    public String name;
    public String email;

    @JsonProperty("disposition_status")
    public String dispositionStatus;
  }

  static final class CustomFieldDto {
    @JsonProperty("internal_name")
    public String internalName;

    public String value;
  }

  // --- Upload API batch status --------------------------------------------------------------

  static final class BatchStatusDto {
    @JsonProperty("batch_id")
    public String batchId;

    public String status;
    public Instant submittedAt;

    @JsonProperty("total_calls")
    public int totalCalls;

    public int processed;
    public int failed;
    public int pending;
    public List<CallStatusDto> calls = new ArrayList<>();

    @JsonSetter("submitted_at")
    public void submittedAt(String text) {
      submittedAt = OffsetDateTime.parse(text).toInstant();
    }
  }

  static final class CallStatusDto {
    @JsonProperty("external_id")
    public String externalId;

    public String status;

    @JsonProperty("aila_call_id")
    public String ailaCallId;

    public Instant processedAt;
    public String progress;
    public String error;

    @JsonSetter("processed_at")
    public void processedAt(String text) {
      processedAt = OffsetDateTime.parse(text).toInstant();
    }
  }

  // --- Partner API callback payload ---------------------------------------------------------

  static final class CallAnalysisDto {
    @JsonProperty("call_id")
    public String callId;

    public String intent;

    @JsonProperty("intent_justification")
    public String intentJustification;

    @JsonProperty("quality_score")
    public BigDecimal qualityScore;

    public List<ChapterDto> summary = new ArrayList<>();
    public BantDto bant;
    public List<QualificationDto> qualification = new ArrayList<>();
    public List<QualityCheckDto> quality = new ArrayList<>();
    public MetaDto meta;
  }

  static final class ChapterDto {
    @JsonProperty("chapter_name")
    public String name;

    @JsonProperty("chapter_summary")
    public String summary;
  }

  static final class BantDto {
    public String needs;
    public String objection;

    @JsonProperty("concern_categories")
    public String concernCategories;

    @JsonProperty("objection_handling")
    public String objectionHandling;
  }

  static final class QualificationDto {
    public String label;
    public String answer;
  }

  static final class QualityCheckDto {
    public String justification;
    public String suggestion;

    @JsonProperty("parameter_name")
    public String parameterName;

    @JsonProperty("inference_score")
    public BigDecimal inferenceScore;

    @JsonProperty("parameter_score")
    public BigDecimal parameterScore;

    @JsonProperty("is_fatal")
    public Boolean fatal;
  }

  static final class MetaDto {
    public String source;
    public String timestamp;
    public Map<String, Object> metadata = new LinkedHashMap<>();

    @JsonAnySetter
    public void other(String name, Object value) {
      metadata.put(name, value);
    }
  }

  static final class ReceiptDto {
    @JsonProperty("batch_id")
    public String batchId;

    @JsonProperty("calls_submitted")
    public int callsSubmitted;

    public String status;
  }
}
