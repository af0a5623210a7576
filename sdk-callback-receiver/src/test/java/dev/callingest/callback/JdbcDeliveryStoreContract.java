package dev.callingest.callback;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every database must do for {@link JdbcDeliveryStore}; run against PostgreSQL and H2. */
abstract class JdbcDeliveryStoreContract {
  static final AtomicInteger TABLES = new AtomicInteger();
  static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
  static final Duration TTL = Duration.ofMinutes(10);

  final MutableClock clock = new MutableClock(NOW);
  String table;

  /** A data source for the test database. */
  abstract DataSource dataSource();

  /** Another, independent data source for the same database, as a second node would have. */
  abstract DataSource otherNodesDataSource();

  JdbcDeliveryStore store(DataSource dataSource) {
    return JdbcDeliveryStore.builder(dataSource).tableName(table).clock(clock).build();
  }

  @BeforeEach
  void createTable() {
    table = "delivery_" + TABLES.incrementAndGet();
    store(dataSource()).createTableIfNotExists();
  }

  int rows() throws SQLException {
    try (Connection connection = dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
      result.next();
      return result.getInt(1);
    }
  }

  @Test
  void claimsOnceUntilReleased() {
    JdbcDeliveryStore store = store(dataSource());

    assertThat(store.claim("msg_1", TTL)).isTrue();
    assertThat(store.claim("msg_1", TTL)).isFalse();
    assertThat(store.claim("MSG_1", TTL)).isTrue(); // ids differing in case are different ids
    store.release("msg_1");
    assertThat(store.claim("msg_1", TTL)).isTrue();
    store.release("never-claimed");
  }

  @Test
  void expiresByTime() {
    JdbcDeliveryStore store = store(dataSource());
    store.claim("msg_1", TTL);

    clock.advance(TTL.minusMillis(1));
    assertThat(store.claim("msg_1", TTL)).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(store.claim("msg_1", TTL)).isTrue();
    assertThat(store.claim("msg_1", TTL)).isFalse();
  }

  @Test
  void createTableIsIdempotentAndPurgeDeletesOnlyExpiredRows() throws SQLException {
    JdbcDeliveryStore store = store(dataSource());
    store.createTableIfNotExists();
    store.claim("short", TTL);
    store.claim("long", TTL.multipliedBy(3));
    clock.advance(TTL);

    assertThat(store.purgeExpired()).isEqualTo(1);
    assertThat(rows()).isEqualTo(1);
    assertThat(store.claim("long", TTL)).isFalse();
  }

  @Test
  void purgesExpiredRowsEveryNthClaim() throws SQLException {
    JdbcDeliveryStore store = JdbcDeliveryStore.builder(dataSource()).tableName(table).clock(clock)
        .purgeEvery(3).build();
    store.claim("a", TTL);
    store.claim("b", TTL);
    clock.advance(TTL);

    store.claim("c", TTL); // the third claim purges a and b

    assertThat(rows()).isEqualTo(1);
  }

  @Test
  void longIdsAreStoredAsTheirDigest() {
    JdbcDeliveryStore store = store(dataSource());
    String longId = "x".repeat(300);

    assertThat(store.claim(longId, TTL)).isTrue();
    assertThat(store.claim(longId, TTL)).isFalse();
    assertThat(store.claim(longId + "y", TTL)).isTrue();
    assertThat(JdbcDeliveryStore.storedId(longId)).startsWith("sha256:").hasSize(71);
  }

  @Test
  void manyThreadsClaimingTheSameIdsExactlyOneWinsEach() throws Exception {
    JdbcDeliveryStore one = store(dataSource());
    JdbcDeliveryStore two = store(otherNodesDataSource());
    int threads = 8;
    int ids = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int i = 0; i < ids; i++) {
        String id = "race_" + i;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> claims = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          JdbcDeliveryStore store = t % 2 == 0 ? one : two;
          claims.add(pool.submit(() -> {
            start.await();
            return store.claim(id, TTL);
          }));
        }
        start.countDown();
        int winners = 0;
        for (Future<Boolean> claim : claims) {
          if (claim.get(30, TimeUnit.SECONDS)) winners++;
        }
        assertThat(winners).as(id).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(rows()).isEqualTo(ids);
  }

  @Test
  void twoReceiversSharingTheDatabaseHandleARetriedCallbackOnce() throws Exception {
    String secret = StandardWebhooksSigner.generateSecret();
    CallbackReceiver nodeA = receiver(secret, dataSource());
    CallbackReceiver nodeB = receiver(secret, otherNodesDataSource());
    byte[] body = "{\"call_id\":\"call_9\",\"intent\":\"INTERESTED\"}".getBytes(UTF_8);
    CallbackRequest.Builder request = CallbackRequest.builder().method("POST").body(body);
    StandardWebhooksSigner.of(secret).headers("msg_9", NOW, body).forEach(request::header);
    AtomicInteger handled = new AtomicInteger();
    int deliveries = 8;
    ExecutorService pool = Executors.newFixedThreadPool(deliveries);
    List<CallbackOutcome> outcomes = new ArrayList<>();
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<CallbackOutcome>> futures = new ArrayList<>();
      for (int i = 0; i < deliveries; i++) {
        CallbackReceiver node = i % 2 == 0 ? nodeA : nodeB;
        Callable<CallbackOutcome> delivery = () -> {
          start.await();
          return node.handle(request.build(), (id, analysis) -> handled.incrementAndGet());
        };
        futures.add(pool.submit(delivery));
      }
      start.countDown();
      for (Future<CallbackOutcome> future : futures) outcomes.add(future.get(30, TimeUnit.SECONDS));
    } finally {
      pool.shutdownNow();
    }

    assertThat(handled).hasValue(1);
    assertThat(outcomes).filteredOn(o -> o.kind() == CallbackOutcome.Kind.ACCEPTED).hasSize(1);
    assertThat(outcomes).filteredOn(o -> o.kind() == CallbackOutcome.Kind.DUPLICATE).hasSize(deliveries - 1);
  }

  @Test
  void aDeliveryWhoseConsumerFailedOnOneNodeIsHandledByTheOtherOnRetry() {
    String secret = StandardWebhooksSigner.generateSecret();
    CallbackReceiver nodeA = receiver(secret, dataSource());
    CallbackReceiver nodeB = receiver(secret, otherNodesDataSource());
    byte[] body = "{\"call_id\":\"call_10\"}".getBytes(UTF_8);
    CallbackRequest.Builder request = CallbackRequest.builder().method("POST").body(body);
    StandardWebhooksSigner.of(secret).headers("msg_10", NOW, body).forEach(request::header);

    CallbackOutcome failed = nodeA.handle(request.build(), (id, analysis) -> {
      throw new IllegalStateException("CRM down");
    });
    CallbackOutcome retried = nodeB.handle(request.build(), (id, analysis) -> { });
    CallbackOutcome again = nodeA.handle(request.build(), (id, analysis) -> { });

    assertThat(failed.kind()).isEqualTo(CallbackOutcome.Kind.FAILED);
    assertThat(retried.kind()).isEqualTo(CallbackOutcome.Kind.ACCEPTED);
    assertThat(again.kind()).isEqualTo(CallbackOutcome.Kind.DUPLICATE);
  }

  CallbackReceiver receiver(String secret, DataSource dataSource) {
    return CallbackReceiver.builder()
        .verifier(StandardWebhooksVerifier.builder().addSecret(secret).clock(clock).build())
        .deliveryStore(store(dataSource))
        .build();
  }

  @Test
  void worksOnConnectionsWithoutAutoCommit() {
    JdbcDeliveryStore manual = store(withoutAutoCommit(dataSource()));
    JdbcDeliveryStore auto = store(otherNodesDataSource());

    assertThat(manual.claim("msg_1", TTL)).isTrue();
    assertThat(manual.claim("msg_1", TTL)).isFalse(); // the failed insert did not poison the connection
    assertThat(auto.claim("msg_1", TTL)).isFalse(); // and the claim was committed for the other node
    manual.release("msg_1");
    assertThat(auto.claim("msg_1", TTL)).isTrue();
    clock.advance(TTL);
    assertThat(manual.claim("msg_1", TTL)).isTrue();
  }

  /** Hands out connections with auto-commit off, as some pools are configured. */
  static DataSource withoutAutoCommit(DataSource dataSource) {
    return (DataSource) Proxy.newProxyInstance(
        DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
          try {
            Object result = method.invoke(dataSource, args);
            if (result instanceof Connection) ((Connection) result).setAutoCommit(false);
            return result;
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void aMissingTableIsAStoreFailureThatNamesNoSecret() {
    JdbcDeliveryStore store = JdbcDeliveryStore.builder(dataSource()).tableName("no_such_table").build();

    assertThatThrownBy(() -> store.claim("msg_1", TTL))
        .isInstanceOf(DeliveryStoreException.class)
        .hasMessage("could not claim a delivery in table no_such_table")
        .hasCauseInstanceOf(SQLException.class);
    assertThat(store.toString()).isEqualTo("JdbcDeliveryStore{table=no_such_table, purgeEvery=1000}");
  }

  @Test
  void tableNamesAreCheckedBeforeTheyReachSql() {
    assertThatThrownBy(() -> JdbcDeliveryStore.builder(dataSource()).tableName("x; DROP TABLE y"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("table must be letters, digits and underscores, optionally schema.table");
    assertThat(JdbcDeliveryStore.builder(dataSource()).tableName("public.callback_delivery").build())
        .hasToString("JdbcDeliveryStore{table=public.callback_delivery, purgeEvery=1000}");
    assertThatThrownBy(() -> JdbcDeliveryStore.builder(dataSource()).purgeEvery(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
