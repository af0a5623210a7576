package dev.callingest.callback.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.callback.CallbackConsumer;
import dev.callingest.callback.CallbackReceiver;
import dev.callingest.callback.CallbackUrlKey;
import dev.callingest.callback.CallbackUrlSigner;
import dev.callingest.callback.CallbackUrlVerifier;
import dev.callingest.callback.DeliveryStore;
import dev.callingest.callback.JdbcDeliveryStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two receiver nodes behind one callback URL, sharing one {@link JdbcDeliveryStore} on a real
 * database, driven over real HTTP as the Partner API's sender would: it retries on any error, and
 * every 2xx it gets must come after a consumer got the analysis.
 */
abstract class TwoNodeCallbackContract {
  static final AtomicInteger TABLES = new AtomicInteger();
  static final Duration LEASE = CallbackReceiver.DEFAULT_LEASE_DURATION;

  final OffsetClock clock = new OffsetClock();
  final CallbackUrlKey key = CallbackUrlKey.generate("k1");
  final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** "node call_id" for every analysis a consumer got and finished. */
  final List<String> consumed = new CopyOnWriteArrayList<>();

  final List<AutoCloseable> running = new ArrayList<>();
  Process child;
  String table;

  abstract String jdbcUrl();

  abstract String user();

  abstract String password();

  @BeforeEach
  void createTable() {
    table = "two_nodes_" + TABLES.incrementAndGet();
    store().createTableIfNotExists();
  }

  @AfterEach
  void stopNodes() throws Exception {
    if (child != null) child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    for (AutoCloseable node : running) node.close();
  }

  JdbcDeliveryStore store() {
    return JdbcDeliveryStore.builder(CallbackNodeMain.dataSource(jdbcUrl(), user(), password()))
        .tableName(table)
        .clock(clock)
        .build();
  }

  CallbackNode node(String name, CallbackConsumer consumer) throws Exception {
    return node(store(), Duration.ZERO, consumer);
  }

  CallbackNode node(DeliveryStore store, Duration inProgressWait, CallbackConsumer consumer)
      throws Exception {
    CallbackReceiver receiver =
        CallbackReceiver.builder()
            .verifier(CallbackUrlVerifier.builder().addKey(key).clock(clock).build())
            .deliveryStore(store)
            .inProgressWait(inProgressWait)
            .build();
    CallbackNode node = CallbackNode.start(receiver, consumer);
    running.add(node);
    return node;
  }

  CallbackNode recordingNode(String name) throws Exception {
    return node(name, (deliveryId, analysis) -> consumed.add(name + " " + analysis.callId()));
  }

  /** The callback URL's query, the same whichever node the load balancer picks. */
  String query(String callId) {
    String signed =
        CallbackUrlSigner.builder()
            .key(key)
            .clock(clock)
            .build()
            .sign("https://crm.example.com/callbacks", callId);
    return signed.substring(signed.indexOf('?'));
  }

  static byte[] analysis(String callId, String intent) {
    return ("{\"call_id\":\"" + callId + "\",\"intent\":\"" + intent + "\",\"quality_score\":71}")
        .getBytes(StandardCharsets.UTF_8);
  }

  HttpRequest request(String url, byte[] body) {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  /** Sends as the sender does, and checks that a 2xx comes only after a consumer got the call. */
  HttpResponse<Void> send(String url, byte[] body, String callId) throws Exception {
    return checked(http.send(request(url, body), HttpResponse.BodyHandlers.discarding()), callId);
  }

  HttpResponse<Void> checked(HttpResponse<Void> response, String callId) {
    if (response.statusCode() / 100 == 2) {
      assertThat(consumed)
          .as("a 2xx for " + callId + " before any consumer finished it")
          .anyMatch(entry -> entry.endsWith(" " + callId));
    }
    return response;
  }

  @Test
  void aRetryWhileAnotherNodeIsWorkingIsRefusedAndAfterThatNodeFailsItIsHandled() throws Exception {
    CountDownLatch aStarted = new CountDownLatch(1);
    CountDownLatch aMayFail = new CountDownLatch(1);
    CallbackNode nodeA =
        node(
            "A",
            (deliveryId, analysis) -> {
              aStarted.countDown();
              assertThat(aMayFail.await(30, TimeUnit.SECONDS)).isTrue();
              throw new IllegalStateException("CRM down");
            });
    CallbackNode nodeB = recordingNode("B");
    String query = query("call_a");
    byte[] body = analysis("call_a", "INTERESTED");

    CompletableFuture<HttpResponse<Void>> first =
        http.sendAsync(request(nodeA.url + query, body), HttpResponse.BodyHandlers.discarding());
    assertThat(aStarted.await(30, TimeUnit.SECONDS)).isTrue();
    // The sender timed out on A and retries; the balancer picks B.
    HttpResponse<Void> whileAWorks = send(nodeB.url + query, body, "call_a");
    assertThat(whileAWorks.statusCode()).isEqualTo(503);
    assertThat(whileAWorks.headers().firstValue("Retry-After")).contains("30");
    assertThat(consumed).isEmpty();

    aMayFail.countDown();
    assertThat(checked(first.get(30, TimeUnit.SECONDS), "call_a").statusCode()).isEqualTo(500);
    HttpResponse<Void> nextRetry = send(nodeB.url + query, body, "call_a");

    assertThat(nextRetry.statusCode()).isEqualTo(200);
    assertThat(consumed).containsExactly("B call_a");
    assertThat(nodeA.outcomes).containsExactly("FAILED 500");
    assertThat(nodeB.outcomes).containsExactly("IN_PROGRESS 503", "ACCEPTED 200");
    // A replay of the done delivery, to either node: a duplicate, no consumer call.
    assertThat(send(nodeA.url + query, body, "call_a").statusCode()).isEqualTo(200);
    assertThat(send(nodeB.url + query, body, "call_a").statusCode()).isEqualTo(200);
    assertThat(consumed).containsExactly("B call_a");
  }

  @Test
  void aRetryWaitingForAnotherNodeIsAnswered200OnlyOnceThatNodesConsumerFinished()
      throws Exception {
    CountDownLatch aStarted = new CountDownLatch(1);
    CountDownLatch aMayFinish = new CountDownLatch(1);
    CallbackNode nodeA =
        node(
            "A",
            (deliveryId, analysis) -> {
              aStarted.countDown();
              assertThat(aMayFinish.await(30, TimeUnit.SECONDS)).isTrue();
              consumed.add("A " + analysis.callId());
            });
    CountDownLatch bSawItInProgress = new CountDownLatch(1);
    JdbcDeliveryStore shared = store();
    DeliveryStore watched =
        new DeliveryStore() {
          @Override
          public Begin begin(String deliveryId, String owner, Duration leaseTtl) {
            Begin begin = shared.begin(deliveryId, owner, leaseTtl);
            if (begin == Begin.IN_PROGRESS) bSawItInProgress.countDown();
            return begin;
          }

          @Override
          public boolean complete(String deliveryId, String owner, Duration doneTtl) {
            return shared.complete(deliveryId, owner, doneTtl);
          }

          @Override
          public boolean abandon(String deliveryId, String owner) {
            return shared.abandon(deliveryId, owner);
          }

          @Override
          public boolean renew(String deliveryId, String owner, Duration leaseTtl) {
            return shared.renew(deliveryId, owner, leaseTtl);
          }
        };
    CallbackNode nodeB =
        node(
            watched,
            Duration.ofSeconds(30),
            (deliveryId, analysis) -> consumed.add("B " + analysis.callId()));
    String query = query("call_d");
    byte[] body = analysis("call_d", "INTERESTED");

    CompletableFuture<HttpResponse<Void>> onA =
        http.sendAsync(request(nodeA.url + query, body), HttpResponse.BodyHandlers.discarding());
    assertThat(aStarted.await(30, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<HttpResponse<Void>> onB =
        http.sendAsync(request(nodeB.url + query, body), HttpResponse.BodyHandlers.discarding());
    assertThat(bSawItInProgress.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(onB).isNotDone(); // B waits for A's outcome rather than answer at once
    aMayFinish.countDown();

    assertThat(checked(onA.get(30, TimeUnit.SECONDS), "call_d").statusCode()).isEqualTo(200);
    assertThat(checked(onB.get(30, TimeUnit.SECONDS), "call_d").statusCode()).isEqualTo(200);
    assertThat(consumed).containsExactly("A call_d");
    assertThat(nodeB.outcomes).containsExactly("DUPLICATE 200");
  }

  @Test
  void aNodeKilledMidConsumerLosesItsLeaseAndTheRetryAfterTheExpiryIsHandled() throws Exception {
    BlockingQueue<String> childLines = startChildNode();
    String childUrl = awaitLine(childLines, "URL ").substring("URL ".length());
    CallbackNode nodeB = recordingNode("B");
    String query = query("call_b");
    byte[] body = analysis("call_b", "NOT_INTERESTED");

    CompletableFuture<HttpResponse<Void>> first =
        http.sendAsync(request(childUrl + query, body), HttpResponse.BodyHandlers.discarding());
    awaitLine(childLines, "CONSUMING call_b");
    assertThat(send(nodeB.url + query, body, "call_b").statusCode()).isEqualTo(503);

    child.destroyForcibly(); // SIGKILL: no shutdown hook, no abandon, no more renewals
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    try {
      int status = first.get(30, TimeUnit.SECONDS).statusCode();
      assertThat(status / 100).as("the killed node's answer").isNotEqualTo(2);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(java.io.IOException.class); // connection lost
    }
    // Until the dead node's lease expires, retries are refused; right after, one is handled.
    assertThat(send(nodeB.url + query, body, "call_b").statusCode()).isEqualTo(503);
    clock.advance(LEASE.plusSeconds(1));
    assertThat(send(nodeB.url + query, body, "call_b").statusCode()).isEqualTo(200);

    assertThat(consumed).containsExactly("B call_b");
    assertThat(send(nodeB.url + query, body, "call_b").statusCode()).isEqualTo(200);
    assertThat(nodeB.outcomes)
        .containsExactly("IN_PROGRESS 503", "IN_PROGRESS 503", "ACCEPTED 200", "DUPLICATE 200");
    assertThat(consumed).containsExactly("B call_b");
  }

  @Test
  void aReplayOfADoneDeliveryIsADuplicateForTheUrlsWholeValidity() throws Exception {
    CallbackNode nodeA = recordingNode("A");
    CallbackNode nodeB = recordingNode("B");
    String query = query("call_c");
    byte[] body = analysis("call_c", "INTERESTED");

    assertThat(send(nodeA.url + query, body, "call_c").statusCode()).isEqualTo(200);
    assertThat(send(nodeB.url + query, body, "call_c").statusCode()).isEqualTo(200);
    // A leaked URL with another body, near the end of the URL's 72 hours: still a duplicate.
    clock.advance(Duration.ofHours(71));
    byte[] forged = analysis("call_c", "NOT_INTERESTED");
    assertThat(send(nodeB.url + query, forged, "call_c").statusCode()).isEqualTo(200);
    assertThat(send(nodeA.url + query, forged, "call_c").statusCode()).isEqualTo(200);

    assertThat(consumed).containsExactly("A call_c");
    assertThat(nodeA.outcomes).containsExactly("ACCEPTED 200", "DUPLICATE 200");
    assertThat(nodeB.outcomes).containsExactly("DUPLICATE 200", "DUPLICATE 200");
  }

  /** Node A in a JVM of its own, on the same database and key; its output lines are queued. */
  BlockingQueue<String> startChildNode() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    child =
        new ProcessBuilder(
                java,
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                CallbackNodeMain.class.getName(),
                jdbcUrl(),
                user(),
                password(),
                table,
                key.id(),
                key.secretBase64())
            .redirectErrorStream(true)
            .start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine())
                  lines.add(line);
              } catch (java.io.IOException e) {
                lines.add("READ FAILED " + e);
              }
            },
            "child-node-output");
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  static String awaitLine(BlockingQueue<String> lines, String prefix) throws InterruptedException {
    List<String> seen = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(1, TimeUnit.SECONDS);
      if (line == null) continue;
      if (line.startsWith(prefix)) return line;
      seen.add(line);
    }
    throw new AssertionError("the child node never printed " + prefix + "; it printed " + seen);
  }
}
