package dev.callingest.examples;

import dev.callingest.ClientOptions;
import dev.callingest.analysis.CallAnalysis;
import dev.callingest.callback.CallbackReceiver;
import dev.callingest.callback.CallbackUrlKey;
import dev.callingest.callback.CallbackUrlSigner;
import dev.callingest.callback.CallbackUrlVerifier;
import dev.callingest.emulator.CallbackAttempt;
import dev.callingest.emulator.Emulator;
import dev.callingest.emulator.ReceivedBatch;
import dev.callingest.emulator.RequestRecord;
import dev.callingest.emulator.UploadStage;
import dev.callingest.examples.console.ProgressBar;
import dev.callingest.examples.quickstart.BatchProgress;
import dev.callingest.examples.quickstart.CallbackServer;
import dev.callingest.examples.quickstart.DemoSettings;
import dev.callingest.partner.Agent;
import dev.callingest.partner.CallDetails;
import dev.callingest.partner.Customer;
import dev.callingest.partner.IngestBatch;
import dev.callingest.partner.IngestItem;
import dev.callingest.partner.PartnerClient;
import dev.callingest.partner.PartnerCredentials;
import dev.callingest.preflight.PreflightResult;
import dev.callingest.upload.BatchStatus;
import dev.callingest.upload.CallDirection;
import dev.callingest.upload.CallState;
import dev.callingest.upload.CallStatus;
import dev.callingest.upload.SubmissionReceipt;
import dev.callingest.upload.UploadBatch;
import dev.callingest.upload.UploadCall;
import dev.callingest.upload.UploadClient;
import dev.callingest.upload.UploadCredentials;
import dev.callingest.upload.WaitOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * The README's demo: the whole SDK at work in a few seconds, with no keys and no network.
 *
 * <ol>
 *   <li>Starts the local emulator of both APIs ({@link Emulator}).
 *   <li>Upload API: submits a batch of six calls (one with an unreachable recording), draws a
 *       progress bar while {@link UploadClient#awaitCompletion} polls, and prints each call's
 *       outcome.
 *   <li>Partner API: starts a callback receiver on the JDK's {@code HttpServer}, submits three
 *       calls whose callback URLs carry a per-call HMAC token, waits for the callbacks, verifies
 *       them and prints each call's intent, quality score and chapters. Then posts one forged
 *       callback and shows it refused.
 *   <li>Prints what the emulator received, and stops everything it started.
 * </ol>
 *
 * <p>Run it from the repository root with {@code mvn -B -q -Pdemo -DskipTests package}.
 *
 * <h2>Real endpoints</h2>
 *
 * Each API runs against its real endpoint instead of the emulator when its key is set in the
 * environment; no key, secret or token is ever printed.
 *
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><th>variable</th><th>meaning</th></tr>
 *   <tr><td>{@code CALLINGEST_UPLOAD_API_KEY}</td><td>use the real Upload API</td></tr>
 *   <tr><td>{@code CALLINGEST_UPLOAD_BASE_URL}</td><td>default {@code https://api.aila.com}</td></tr>
 *   <tr><td>{@code CALLINGEST_USER_EMAIL}</td><td>a member of your team, for the Upload
 *       calls (required with the Upload key)</td></tr>
 *   <tr><td>{@code CALLINGEST_PARTNER_API_KEY}</td><td>use the real Partner API; then
 *       {@code CALLINGEST_PARTNER_API_SECRET}, {@code CALLINGEST_PARTNER_TENANT_ID} and
 *       {@code CALLINGEST_PARTNER_SUB_TENANT_ID} are required too</td></tr>
 *   <tr><td>{@code CALLINGEST_PARTNER_BASE_URL}</td><td>default
 *       {@code https://api.zipteams.com/api/v1}</td></tr>
 *   <tr><td>{@code CALLINGEST_CALLBACK_PUBLIC_URL}</td><td>a public https URL (a tunnel, a
 *       reverse proxy) that forwards to the local receiver (required with the Partner key)</td></tr>
 *   <tr><td>{@code CALLINGEST_CALLBACK_PORT}</td><td>the receiver's loopback port behind that
 *       URL; default 8090</td></tr>
 *   <tr><td>{@code CALLINGEST_RECORDING_URL}</td><td>a publicly reachable MP3, WAV, M4A or AAC
 *       file used for every sample call (required with either key)</td></tr>
 * </table>
 */
public final class Quickstart {
  /** A recording no server can fetch (RFC 2606 reserves {@code .invalid}), so one call fails. */
  static final String UNREACHABLE_RECORDING = "https://recordings.invalid/call-6.mp3";

  private Quickstart() {}

  /**
   * Runs the demo on the emulator, or on the real endpoints configured in the environment.
   *
   * @param args ignored
   * @throws InterruptedException when interrupted while waiting
   * @throws IllegalArgumentException when an API key is set without the variables it needs
   */
  public static void main(String[] args) throws InterruptedException {
    run(System.out, System.getenv());
  }

  /**
   * Runs the whole demo and returns once everything it started has stopped.
   *
   * @param out where to print
   * @param env the environment variables to read, as described on this class
   * @throws InterruptedException when interrupted while waiting
   */
  static void run(PrintStream out, Map<String, String> env) throws InterruptedException {
    DemoSettings settings = DemoSettings.from(env);
    String run = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    long started = System.nanoTime();
    out.println("callingest-java quickstart");
    try (Emulator emulator = settings.needsEmulator() ? startEmulator() : null) {
      if (emulator != null) {
        out.println(
            "Local emulator of "
                + (settings.upload().isEmpty() && settings.partner().isEmpty()
                    ? "both APIs"
                    : settings.upload().isEmpty() ? "the Upload API" : "the Partner API")
                + " on "
                + emulator.uploadBaseUrl()
                + ": no keys, no network.");
      }
      uploadDemo(out, settings, emulator, run);
      partnerDemo(out, settings, emulator, run);
      if (emulator != null) summary(out, emulator, settings);
    }
    out.printf("%nDone in %.1f s.%n", (System.nanoTime() - started) / 1e9);
  }

  /** Stages of a few hundred milliseconds, staggered, so that the progress bar moves in steps. */
  private static Emulator startEmulator() {
    return Emulator.builder()
        .stageDuration(UploadStage.PENDING, Duration.ofMillis(150))
        .stageDuration(UploadStage.DOWNLOADING, Duration.ofMillis(300))
        .stageDuration(UploadStage.TRANSCRIBING, Duration.ofMillis(600))
        .stageDuration(UploadStage.ANALYZING, Duration.ofMillis(300))
        .callStagger(Duration.ofMillis(250))
        .callbackDelay(Duration.ofMillis(400))
        .callbackRetryBackoff(Duration.ofMillis(200))
        .build()
        .start();
  }

  // ---------------------------------------------------------------------------------------------
  // Upload API: submit a batch, watch it, print each call's outcome.

  private static void uploadDemo(
      PrintStream out, DemoSettings settings, Emulator emulator, String run)
      throws InterruptedException {
    boolean real = settings.upload().isPresent();
    ClientOptions options =
        settings
            .upload()
            .orElseGet(
                () ->
                    ClientOptions.builder()
                        .baseUrl(emulator.uploadBaseUrl())
                        .credentials(UploadCredentials.of(emulator.uploadApiKey()))
                        .build());
    String userEmail = settings.userEmail().orElse("rep@example.com");
    List<UploadCall> calls = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      String audio =
          real ? settings.recordingUrl().orElseThrow() : emulator.audioUrl("call-" + i + ".wav");
      calls.add(uploadCall("up-" + run + "-" + i, audio, userEmail, i));
    }
    calls.add(uploadCall("up-" + run + "-6", UNREACHABLE_RECORDING, userEmail, 6));
    UploadBatch batch = UploadBatch.of(calls);

    out.printf(
        "%n1. Upload API%s: a batch of %d calls, one with an unreachable recording%n",
        real ? " (" + options.baseUrl() + ")" : "", calls.size());
    try (UploadClient client = UploadClient.create(options)) {
      SubmissionReceipt receipt = client.submit(batch); // validated before anything is sent
      out.printf("  submitted batch %s%n", receipt.batchId());

      BatchProgress bar = new BatchProgress(ProgressBar.create(out, BatchProgress.WIDTH, "  "));
      WaitOptions waitOptions =
          WaitOptions.builder()
              .interval(
                  real ? Duration.ofSeconds(5) : Duration.ofMillis(100),
                  real ? Duration.ofSeconds(10) : Duration.ofMillis(250))
              .timeout(real ? Duration.ofMinutes(30) : Duration.ofMinutes(1))
              .progressListener(bar)
              .build();
      BatchStatus done;
      try {
        done = client.awaitCompletion(receipt.batchId(), waitOptions);
      } finally {
        bar.finish();
      }

      out.printf(
          "  batch %s: %d completed, %d failed%n",
          done.rawStatus(), done.processed(), done.failed());
      for (CallStatus call : done.calls()) {
        if (call.status() == CallState.COMPLETED) {
          out.printf(
              "    ok      %-12s call id %s%n",
              call.externalId(), call.ailaCallId().orElse("(none given)"));
        } else {
          out.printf(
              "    FAILED  %-12s %s%n",
              call.externalId(), call.errorMessage().orElse("(no reason given)"));
        }
      }
      if (!done.failedCalls().isEmpty()) {
        out.println(
            "  failed calls are not resubmitted here: client.resubmitFailed(batch, status)"
                + " does it once the cause is fixed");
      }
      // The recording preflight finds such a call before it costs a slot of the hourly budget.
      UploadCall unreachable = calls.get(calls.size() - 1);
      PreflightResult check = client.preflight(unreachable);
      out.printf(
          "  client.preflight(call) refuses %s before sending: %s%n",
          unreachable.externalId(), check.reason().orElse(check.status().name()));
    }
  }

  private static UploadCall uploadCall(
      String externalId, String audioUrl, String userEmail, int i) {
    return UploadCall.builder()
        .externalId(externalId)
        .audioUrl(audioUrl)
        .userEmail(userEmail)
        .callDate(Instant.parse("2026-03-02T09:00:00Z").plus(Duration.ofMinutes(37L * i)))
        .direction(i % 2 == 0 ? CallDirection.INBOUND : CallDirection.OUTBOUND)
        .durationSeconds(120 + 45 * i)
        .contactName(CONTACTS[i % CONTACTS.length])
        .putMetadata("source", "quickstart")
        .build();
  }

  private static final String[] CONTACTS = {
    "Ada Byron", "Omar Haddad", "Mei Tanaka", "Lena Fischer", "Tomas Silva", "Priya Nair"
  };

  // ---------------------------------------------------------------------------------------------
  // Partner API: callback URLs with a per-call token, a local receiver, verified analyses.

  private static void partnerDemo(
      PrintStream out, DemoSettings settings, Emulator emulator, String run)
      throws InterruptedException {
    boolean real = settings.partner().isPresent();
    ClientOptions options =
        settings
            .partner()
            .orElseGet(
                () -> {
                  List<String> c = emulator.partnerCredentials();
                  return ClientOptions.builder()
                      .baseUrl(emulator.partnerBaseUrl())
                      .credentials(PartnerCredentials.of(c.get(0), c.get(1), c.get(2), c.get(3)))
                      .build();
                });

    // Each callback URL carries an HMAC token for its call id: only the Partner API, which
    // received the URL, can post that call's analysis. The key would live in a secret manager.
    CallbackUrlKey key = CallbackUrlKey.generate("quickstart-" + run);
    CallbackUrlSigner signer =
        CallbackUrlSigner.builder().key(key).validity(Duration.ofHours(1)).build();
    CallbackReceiver receiver =
        CallbackReceiver.builder()
            .verifier(CallbackUrlVerifier.builder().addKey(key).build())
            .build();

    out.printf(
        "%n2. Partner API%s: 3 calls, the analysis comes back by callback%n",
        real ? " (" + options.baseUrl() + ")" : "");
    try (CallbackServer callbacks = CallbackServer.start(receiver, settings.callbackPort());
        PartnerClient client =
            PartnerClient.builder()
                .options(options)
                .allowLoopbackHttpCallbacks(!real) // the emulator posts to http://127.0.0.1
                .build()) {
      String callbackBase = settings.callbackPublicUrl().orElse(callbacks.localUrl());
      out.printf(
          "  callback receiver on %s (capability URLs, key %s)%n", callbacks.localUrl(), key.id());

      List<IngestItem> items = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        String callId = "pt-" + run + "-" + i;
        String recording =
            real ? settings.recordingUrl().orElseThrow() : emulator.audioUrl(callId + ".wav");
        items.add(ingestItem(callId, recording, signer.sign(callbackBase, callId), i));
      }
      IngestBatch batch = IngestBatch.of(items);
      client.submit(batch);
      out.printf(
          "  submitted %s; waiting for their callbacks%n", String.join(", ", batch.callIds()));

      Duration patience = real ? Duration.ofMinutes(15) : Duration.ofSeconds(30);
      Map<String, CallAnalysis> analyses = callbacks.await(batch.callIds(), patience);
      for (String callId : batch.callIds()) {
        CallAnalysis analysis = analyses.get(callId);
        if (analysis == null) {
          out.printf("    MISSING   %-11s no callback within %d s%n", callId, patience.toSeconds());
        } else {
          out.printf(
              "    verified  %-11s intent %s, quality score %s%n      chapters: %s%n",
              callId,
              analysis.rawIntent().orElse("(none)"),
              analysis.qualityScore().map(Object::toString).orElse("(none)"),
              analysis.summary().stream()
                  .map(c -> c.name().orElse("?"))
                  .collect(Collectors.joining(" | ")));
        }
      }

      // Someone who guessed the endpoint, but not the key, tries to post an analysis.
      String firstId = batch.callIds().get(0);
      CallbackUrlSigner forger =
          CallbackUrlSigner.builder().key(CallbackUrlKey.generate(key.id())).build();
      int status =
          post(
              forger.sign(callbacks.localUrl(), firstId),
              "{\"call_id\":\"" + firstId + "\",\"intent\":\"INTERESTED\",\"quality_score\":100}");
      out.printf(
          "  forged callback for %s (token made with another key): %s%n",
          firstId, status == 401 ? "refused (401)" : "answered " + status + " (expected 401)");
    }
  }

  private static IngestItem ingestItem(
      String callId, String recordingUrl, String callbackUrl, int i) {
    Instant start = Instant.parse("2026-03-02T10:00:00Z").plus(Duration.ofHours(i));
    return IngestItem.builder()
        .call(
            CallDetails.builder()
                .id(callId)
                .recordingUrl(recordingUrl)
                .startTime(start)
                .endTime(start.plus(Duration.ofMinutes(4L + 3 * i)))
                .contactNumber("+44207183875" + i)
                .build())
        .agent(
            Agent.builder().id("rep-" + i).name("Dana Ruiz").email("dana@seller.example").build())
        .customer(Customer.builder().id("acct-" + (5520 + i)).name(CONTACTS[i]).build())
        .callbackUrl(callbackUrl)
        .putMetadata("source", "quickstart")
        .build();
  }

  private static int post(String url, String json) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return 0;
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static void summary(PrintStream out, Emulator emulator, DemoSettings settings) {
    out.printf("%nWhat the emulator received%n");
    List<RequestRecord> requests = emulator.requests();
    if (settings.upload().isEmpty()) {
      List<ReceivedBatch> batches = emulator.batches();
      long calls = batches.stream().mapToLong(b -> b.calls().size()).sum();
      long polls =
          requests.stream()
              .filter(
                  r -> r.method().equals("GET") && r.path().startsWith("/v1/calls/batch-upload/"))
              .count();
      out.printf(
          "  Upload API:  %s, %s, %s%n",
          count(batches.size(), "batch", "batches"),
          count(calls, "call", "calls"),
          count(polls, "status poll", "status polls"));
    }
    if (settings.partner().isEmpty()) {
      long posts = requests.stream().filter(r -> r.path().contains("/partner/")).count();
      List<CallbackAttempt> attempts = emulator.callbackAttempts();
      long delivered = attempts.stream().filter(CallbackAttempt::succeeded).count();
      out.printf(
          "  Partner API: %s, %s; %s delivered in %s%n",
          count(posts, "request", "requests"),
          count(emulator.partnerItems().size(), "call", "calls"),
          count(delivered, "callback", "callbacks"),
          count(attempts.size(), "attempt", "attempts"));
    }
  }

  private static String count(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}
