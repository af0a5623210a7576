package dev.callingest.callback;

import static dev.callingest.callback.DeliveryStore.Begin.DONE;
import static dev.callingest.callback.DeliveryStore.Begin.IN_PROGRESS;
import static dev.callingest.callback.DeliveryStore.Begin.STARTED;
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
  static final Duration LEASE = Duration.ofSeconds(30);
  static final Duration TTL = Duration.ofMinutes(10);

  final MutableClock clock = new MutableClock(NOW);
  String table;

  /** A data source for the test database. */
  abstract DataSource dataSource();

  /** Another, independent data source for the same database, as a second node would have. */
  abstract DataSource otherNodesDataSource();

  /** The platform id of the test database, as {@link JdbcDeliveryStore#schemaScript} names it. */
  abstract String platform();

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
  void aLeaseIsInProgressForOthersUntilCompletedThenDoneUntilItsTtl() {
    JdbcDeliveryStore store = store(dataSource());
    JdbcDeliveryStore other = store(otherNodesDataSource());

    assertThat(store.begin("msg_1", "owner-a", LEASE)).isEqualTo(STARTED);
    assertThat(other.begin("msg_1", "owner-b", LEASE)).isEqualTo(IN_PROGRESS);
    assertThat(other.begin("MSG_1", "owner-b", LEASE)).isEqualTo(STARTED); // ids differ in case
    assertThat(store.complete("msg_1", "owner-a", TTL)).isTrue();
    assertThat(other.begin("msg_1", "owner-b", LEASE)).isEqualTo(DONE);
    clock.advance(TTL.minusMillis(1));
    assertThat(other.begin("msg_1", "owner-b", LEASE)).isEqualTo(DONE);
    clock.advance(Duration.ofMillis(1));
    assertThat(other.begin("msg_1", "owner-b", LEASE)).isEqualTo(STARTED);
  }

  @Test
  void anExpiredLeaseIsTakenOverAndItsOldOwnerCanNoLongerActOnIt() {
    JdbcDeliveryStore store = store(dataSource());
    store.begin("msg_1", "dead-node", LEASE);

    clock.advance(LEASE.minusMillis(1));
    assertThat(store.begin("msg_1", "owner-b", LEASE)).isEqualTo(IN_PROGRESS);
    clock.advance(Duration.ofMillis(1));
    assertThat(store.begin("msg_1", "owner-b", LEASE)).isEqualTo(STARTED);

    assertThat(store.complete("msg_1", "dead-node", TTL)).isFalse();
    assertThat(store.abandon("msg_1", "dead-node")).isFalse();
    assertThat(store.renew("msg_1", "dead-node", LEASE)).isFalse();
    assertThat(store.begin("msg_1", "owner-c", LEASE)).isEqualTo(IN_PROGRESS);
    assertThat(store.complete("msg_1", "owner-b", TTL)).isTrue();
    assertThat(store.begin("msg_1", "owner-c", LEASE)).isEqualTo(DONE);
  }

  @Test
  void anOwnerWhoseLeaseExpiredCanStillCompleteWhileNobodyTookItOver() {
    JdbcDeliveryStore store = store(dataSource());
    store.begin("msg_1", "slow", LEASE);
    clock.advance(LEASE.plusSeconds(5));

    assertThat(store.complete("msg_1", "slow", TTL)).isTrue();
    assertThat(store.begin("msg_1", "other", LEASE)).isEqualTo(DONE);
  }

  @Test
  void renewalKeepsTheLeaseAlive() {
    JdbcDeliveryStore store = store(dataSource());
    store.begin("msg_1", "owner-a", LEASE);

    clock.advance(LEASE.minusSeconds(1));
    assertThat(store.renew("msg_1", "owner-a", LEASE)).isTrue();
    clock.advance(LEASE.minusSeconds(1));
    assertThat(store.begin("msg_1", "owner-b", LEASE)).isEqualTo(IN_PROGRESS);
    clock.advance(Duration.ofSeconds(1));
    assertThat(store.begin("msg_1", "owner-b", LEASE)).isEqualTo(STARTED);
  }

  @Test
  void abandonFreesOnlyTheOwnersLease() throws SQLException {
    JdbcDeliveryStore store = store(dataSource());
    store.begin("msg_1", "owner-a", LEASE);

    assertThat(store.abandon("msg_1", "owner-b")).isFalse();
    assertThat(store.begin("msg_1", "owner-b", LEASE)).isEqualTo(IN_PROGRESS);
    assertThat(store.abandon("msg_1", "owner-a")).isTrue();
    assertThat(rows()).isZero();
    assertThat(store.begin("msg_1", "owner-b", LEASE)).isEqualTo(STARTED);
    assertThat(store.abandon("never-begun", "owner-a")).isFalse();
    store.complete("msg_1", "owner-b", TTL);
    assertThat(store.abandon("msg_1", "owner-b")).isFalse(); // done is done
    assertThat(store.begin("msg_1", "owner-c", LEASE)).isEqualTo(DONE);
  }

  @Test
  void createTableIsIdempotentAndPurgeDeletesOnlyExpiredRows() throws SQLException {
    JdbcDeliveryStore store = store(dataSource());
    store.createTableIfNotExists();
    store.begin("lease", "o", LEASE);
    store.begin("short", "o", LEASE);
    store.complete("short", "o", TTL);
    store.begin("long", "o", LEASE);
    store.complete("long", "o", TTL.multipliedBy(3));
    clock.advance(TTL);

    assertThat(store.purgeExpired()).isEqualTo(2);
    assertThat(rows()).isEqualTo(1);
    assertThat(store.begin("long", "p", LEASE)).isEqualTo(DONE);
  }

  @Test
  void purgesExpiredRowsEveryNthBegin() throws SQLException {
    JdbcDeliveryStore store =
        JdbcDeliveryStore.builder(dataSource()).tableName(table).clock(clock).purgeEvery(3).build();
    store.begin("a", "o", LEASE);
    store.begin("b", "o", LEASE);
    clock.advance(LEASE);

    store.begin("c", "o", LEASE); // the third begin purges a and b

    assertThat(rows()).isEqualTo(1);
  }

  @Test
  void longIdsAreStoredAsTheirDigest() {
    JdbcDeliveryStore store = store(dataSource());
    String longId = "x".repeat(300);

    assertThat(store.begin(longId, "o", LEASE)).isEqualTo(STARTED);
    assertThat(store.begin(longId, "p", LEASE)).isEqualTo(IN_PROGRESS);
    assertThat(store.complete(longId, "o", TTL)).isTrue();
    assertThat(store.begin(longId, "p", LEASE)).isEqualTo(DONE);
    assertThat(store.begin(longId + "y", "p", LEASE)).isEqualTo(STARTED);
    assertThat(JdbcDeliveryStore.storedId(longId)).startsWith("sha256:").hasSize(71);
  }

  @Test
  void manyThreadsBeginningTheSameIdsExactlyOneStartsEach() throws Exception {
    JdbcDeliveryStore one = store(dataSource());
    JdbcDeliveryStore two = store(otherNodesDataSource());
    int ids = 25;
    raceForEachId(one, two, ids, "race_");
    assertThat(rows()).isEqualTo(ids);

    // Every lease expires: racing to take the expired rows over, again exactly one wins each.
    clock.advance(LEASE);
    raceForEachId(one, two, ids, "race_");
    assertThat(rows()).isEqualTo(ids);
  }

  private static void raceForEachId(
      JdbcDeliveryStore one, JdbcDeliveryStore two, int ids, String prefix) throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int i = 0; i < ids; i++) {
        String id = prefix + i;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<DeliveryStore.Begin>> begins = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          JdbcDeliveryStore store = t % 2 == 0 ? one : two;
          String owner = "owner-" + t;
          begins.add(
              pool.submit(
                  () -> {
                    start.await();
                    return store.begin(id, owner, LEASE);
                  }));
        }
        start.countDown();
        int started = 0;
        for (Future<DeliveryStore.Begin> begin : begins) {
          DeliveryStore.Begin result = begin.get(30, TimeUnit.SECONDS);
          if (result == STARTED) started++;
          else assertThat(result).as(id).isEqualTo(IN_PROGRESS);
        }
        assertThat(started).as(id).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void twoReceiversSharingTheDatabaseRunTheConsumerOnceAndAnswer2xxOnlyAfterIt() throws Exception {
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
        Callable<CallbackOutcome> delivery =
            () -> {
              start.await();
              CallbackOutcome outcome =
                  node.handle(request.build(), (id, analysis) -> handled.incrementAndGet());
              // A 2xx only after the consumer ran, on whichever node.
              if (outcome.statusCode() / 100 == 2) assertThat(handled).hasValue(1);
              return outcome;
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
    assertThat(outcomes)
        .extracting(CallbackOutcome::kind)
        .isSubsetOf(
            CallbackOutcome.Kind.ACCEPTED,
            CallbackOutcome.Kind.DUPLICATE,
            CallbackOutcome.Kind.IN_PROGRESS);
    assertThat(nodeA.handle(request.build(), (id, analysis) -> handled.incrementAndGet()).kind())
        .isEqualTo(CallbackOutcome.Kind.DUPLICATE);
  }

  @Test
  void aDeliveryWhoseConsumerFailedOnOneNodeIsHandledByTheOtherOnRetry() {
    String secret = StandardWebhooksSigner.generateSecret();
    CallbackReceiver nodeA = receiver(secret, dataSource());
    CallbackReceiver nodeB = receiver(secret, otherNodesDataSource());
    byte[] body = "{\"call_id\":\"call_10\"}".getBytes(UTF_8);
    CallbackRequest.Builder request = CallbackRequest.builder().method("POST").body(body);
    StandardWebhooksSigner.of(secret).headers("msg_10", NOW, body).forEach(request::header);

    CallbackOutcome failed =
        nodeA.handle(
            request.build(),
            (id, analysis) -> {
              throw new IllegalStateException("CRM down");
            });
    CallbackOutcome retried = nodeB.handle(request.build(), (id, analysis) -> {});
    CallbackOutcome again = nodeA.handle(request.build(), (id, analysis) -> {});

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

    assertThat(manual.begin("msg_1", "a", LEASE)).isEqualTo(STARTED);
    // The failed insert did not poison the connection, and the lease was committed for the other.
    assertThat(manual.begin("msg_1", "b", LEASE)).isEqualTo(IN_PROGRESS);
    assertThat(auto.begin("msg_1", "b", LEASE)).isEqualTo(IN_PROGRESS);
    assertThat(manual.renew("msg_1", "a", LEASE)).isTrue();
    assertThat(manual.abandon("msg_1", "a")).isTrue();
    assertThat(auto.begin("msg_1", "b", LEASE)).isEqualTo(STARTED);
    clock.advance(LEASE);
    assertThat(manual.begin("msg_1", "c", LEASE)).isEqualTo(STARTED);
    assertThat(manual.complete("msg_1", "c", TTL)).isTrue();
    assertThat(auto.begin("msg_1", "d", LEASE)).isEqualTo(DONE);
    store(withoutAutoCommit(dataSource())).createTableIfNotExists();
  }

  /** Hands out connections with auto-commit off, as some pools are configured. */
  static DataSource withoutAutoCommit(DataSource dataSource) {
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
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
    JdbcDeliveryStore store =
        JdbcDeliveryStore.builder(dataSource()).tableName("no_such_table").build();

    assertThatThrownBy(() -> store.begin("msg_1", "o", LEASE))
        .isInstanceOf(DeliveryStoreException.class)
        .hasMessage("could not begin a delivery in table no_such_table")
        .hasCauseInstanceOf(SQLException.class);
    assertThatThrownBy(() -> store.abandon("msg_1", "o"))
        .isInstanceOf(DeliveryStoreException.class)
        .hasMessage("could not abandon a delivery in table no_such_table");
    assertThatThrownBy(() -> store.complete("msg_1", "o", TTL))
        .isInstanceOf(DeliveryStoreException.class)
        .hasMessage("could not complete a delivery in table no_such_table");
    assertThat(store.toString())
        .isEqualTo("JdbcDeliveryStore{table=no_such_table, purgeEvery=1000}");
  }

  @Test
  void tableNamesAreCheckedBeforeTheyReachSql() {
    assertThatThrownBy(() -> JdbcDeliveryStore.builder(dataSource()).tableName("x; DROP TABLE y"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("table must be letters, digits and underscores, optionally schema.table");
    assertThat(
            JdbcDeliveryStore.builder(dataSource()).tableName("public.callback_delivery").build())
        .hasToString("JdbcDeliveryStore{table=public.callback_delivery, purgeEvery=1000}");
    assertThatThrownBy(() -> JdbcDeliveryStore.builder(dataSource()).purgeEvery(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theShippedScriptCreatesAWorkingTable() throws SQLException {
    table = "callback_delivery";
    try (Connection connection = dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS callback_delivery");
      // As a migration tool or Spring's script runner would: statement by statement, twice.
      for (int run = 0; run < 2; run++) {
        for (String sql : JdbcSchema.statements(platform(), "callback_delivery"))
          statement.execute(sql);
      }
    }
    JdbcDeliveryStore store = JdbcDeliveryStore.builder(dataSource()).clock(clock).build();

    assertThat(store.begin("msg_1", "o", LEASE)).isEqualTo(STARTED);
    assertThat(store.complete("msg_1", "o", TTL)).isTrue();
    assertThat(store.begin("msg_1", "p", LEASE)).isEqualTo(DONE);
    assertThat(JdbcDeliveryStore.schemaScript(platform()))
        .contains("CREATE TABLE IF NOT EXISTS callback_delivery")
        .contains("lease_owner")
        .contains("CREATE INDEX IF NOT EXISTS callback_delivery_expires");
  }

  /**
   * Several instances starting at once on a fresh database each run {@code createTableIfNotExists}
   * on their own connection: none may fail. Each round uses a new schema, so the table is new.
   */
  @Test
  void concurrentCreationOnAFreshSchemaNeverFails() throws Exception {
    int rounds = 30;
    int instances = 6;
    ExecutorService pool = Executors.newFixedThreadPool(instances);
    try {
      for (int round = 0; round < rounds; round++) {
        String schema = "fresh_" + TABLES.incrementAndGet();
        try (Connection connection = dataSource().getConnection();
            Statement statement = connection.createStatement()) {
          statement.execute("CREATE SCHEMA " + schema);
        }
        String qualified = schema + ".callback_delivery";
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> creations = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
          DataSource source = i % 2 == 0 ? dataSource() : otherNodesDataSource();
          creations.add(
              pool.submit(
                  () -> {
                    start.await();
                    JdbcDeliveryStore.builder(source)
                        .tableName(qualified)
                        .clock(clock)
                        .build()
                        .createTableIfNotExists();
                    return null;
                  }));
        }
        start.countDown();
        for (Future<?> creation : creations) creation.get(60, TimeUnit.SECONDS);
        JdbcDeliveryStore store =
            JdbcDeliveryStore.builder(dataSource()).tableName(qualified).clock(clock).build();
        assertThat(store.begin("msg_1", "o", LEASE)).as(qualified).isEqualTo(STARTED);
        try (Connection connection = dataSource().getConnection()) {
          assertThat(JdbcSchema.indexExists(connection, qualified)).as(qualified).isTrue();
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
