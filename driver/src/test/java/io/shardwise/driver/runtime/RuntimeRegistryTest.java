package io.shardwise.driver.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shardwise.router.config.ShardMap;
import io.shardwise.router.config.ShardMapLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starting runtimes: a map that is slow to start holds up only the connections to that map, a map
 * is started once however many first connections race for it, and a start that fails is not kept. A
 * slow start is a loader that waits for the test's signal (bounded), so that the test does not
 * depend on how fast this machine is.
 */
class RuntimeRegistryTest {

  private static final Duration BOUND = Duration.ofSeconds(20);

  @TempDir Path dir;

  private final List<String> urls = new ArrayList<>();
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Set<Thread> callers = ConcurrentHashMap.newKeySet();

  @AfterEach
  void shutDown() throws Exception {
    RuntimeRegistry.loadMapsWith(null);
    threads.shutdownNow();
    threads.awaitTermination(BOUND.toSeconds(), TimeUnit.SECONDS);
    for (String url : urls) {
      RuntimeRegistry.shutdown(ShardwiseUrl.parse(url));
    }
  }

  /** The URL of a new two-shard H2 map whose file name starts with {@code name}. */
  private String map(String name) throws Exception {
    StringBuilder yaml = new StringBuilder("version: 1\nshards:\n");
    for (int s = 1; s <= 2; s++) {
      yaml.append("  - name: s")
          .append(s)
          .append("\n    primary: { url: \"jdbc:h2:mem:registry-")
          .append(UUID.randomUUID())
          .append(";DB_CLOSE_DELAY=-1\", user: sa }\n");
    }
    yaml.append("tables:\n  users: { shardKey: user_id }\ndefaultShard: s1\n");
    Path file = dir.resolve(name + "-" + urls.size() + ".yaml");
    Files.writeString(file, yaml);
    String url = "jdbc:shardwise:" + file;
    urls.add(url);
    return url;
  }

  /** A loader that, for maps whose location contains {@code slow}, waits for {@code go}. */
  private static RuntimeRegistry.MapSource waitingFor(
      CountDownLatch go, AtomicInteger slowLoads, CountDownLatch entered) {
    return url -> {
      if (url.location().contains("slow")) {
        slowLoads.incrementAndGet();
        entered.countDown();
        try {
          if (!go.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the test never let the slow map start");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SQLException("interrupted", "57014", e);
        }
      }
      return ShardMapLoader.load(Path.of(url.location()));
    };
  }

  private Future<ShardwiseRuntime> startInBackground(String url) {
    return threads.submit(
        () -> {
          callers.add(Thread.currentThread());
          return RuntimeRegistry.runtime(ShardwiseUrl.parse(url));
        });
  }

  @Test
  void aSlowStart_doesNotDelayTheFirstConnectionsOfOtherMaps() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    String slow = map("slow");
    RuntimeRegistry.loadMapsWith(waitingFor(go, new AtomicInteger(), entered));
    Future<ShardwiseRuntime> slowStart = startInBackground(slow);
    assertThat(entered.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    for (String other : List.of(map("fast-a"), map("fast-b"), map("fast-c"))) {
      long start = System.nanoTime();
      try (Connection connection = DriverManager.getConnection(other);
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT 1")) {
        assertThat(rows.next()).isTrue();
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      // The slow map is still starting; the other map did not wait for it.
      assertThat(slowStart).isNotDone();
      assertThat(millis).as("first connection to %s, in ms", other).isLessThan(10_000);
    }
    go.countDown();
    ShardwiseRuntime runtime = slowStart.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(runtime.isClosed()).isFalse();
    try (Connection connection = DriverManager.getConnection(slow)) {
      assertThat(connection.isValid(1)).isTrue();
    }
  }

  @Test
  void racingFirstConnections_toOneMap_startItOnce() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    AtomicInteger loads = new AtomicInteger();
    String slow = map("slow");
    RuntimeRegistry.loadMapsWith(waitingFor(go, loads, entered));
    List<Future<ShardwiseRuntime>> starts = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      starts.add(startInBackground(slow));
    }
    assertThat(entered.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    // All eight are in: one loading, seven waiting for its runtime.
    await().atMost(BOUND).until(() -> waiting() == 7);
    go.countDown();
    Set<ShardwiseRuntime> runtimes = new HashSet<>();
    for (Future<ShardwiseRuntime> start : starts) {
      runtimes.add(start.get(BOUND.toMillis(), TimeUnit.MILLISECONDS));
    }
    assertThat(runtimes).hasSize(1);
    assertThat(loads).hasValue(1);
    assertThat(RuntimeRegistry.runtime(ShardwiseUrl.parse(slow))).isIn(runtimes);
    assertThat(loads).hasValue(1);
  }

  /**
   * A start that fails, by an SQLException or by any other exception, reaches every caller waiting
   * for it, with its SQLState, and is not kept: the next connection reads the map again.
   */
  @Test
  void aFailedStart_reachesEveryWaiter_andIsNotKept() throws Exception {
    List<Exception> failures =
        List.of(
            new SQLException("shards: the map is broken", "SW007"),
            new IllegalStateException("the ring could not be built"));
    for (Exception failure : failures) {
      CountDownLatch go = new CountDownLatch(1);
      CountDownLatch entered = new CountDownLatch(1);
      AtomicInteger loads = new AtomicInteger();
      RuntimeRegistry.MapSource waiting = waitingFor(go, loads, entered);
      String slow = map("slow");
      callers.clear();
      RuntimeRegistry.loadMapsWith(
          url -> {
            ShardMap map = waiting.load(url);
            if (loads.get() == 1) {
              if (failure instanceof SQLException e) {
                throw e;
              }
              throw (RuntimeException) failure;
            }
            return map;
          });
      List<Future<ShardwiseRuntime>> starts = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        starts.add(startInBackground(slow));
      }
      assertThat(entered.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      await().atMost(BOUND).until(() -> waiting() == 3);
      go.countDown();
      for (Future<ShardwiseRuntime> start : starts) {
        Throwable thrown = failureOf(start);
        assertThat(thrown).hasMessageContaining(failure.getMessage());
        if (failure instanceof SQLException) {
          assertThat(thrown).isInstanceOf(SQLException.class);
          assertThat(((SQLException) thrown).getSQLState()).isEqualTo("SW007");
        } else {
          assertThat(thrown).isInstanceOf(IllegalStateException.class);
        }
      }
      assertThat(RuntimeRegistry.find(ShardwiseUrl.parse(slow))).isEmpty();
      ShardwiseRuntime again = RuntimeRegistry.runtime(ShardwiseUrl.parse(slow));
      assertThat(again.isClosed()).isFalse();
      assertThat(loads).hasValue(2);
    }
  }

  @Test
  void aShutdownWhileStarting_closesTheRuntimeOnceStarted_andTheNextConnectionStartsAgain()
      throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    AtomicInteger loads = new AtomicInteger();
    String slow = map("slow");
    RuntimeRegistry.loadMapsWith(waitingFor(go, loads, entered));
    Future<ShardwiseRuntime> start = startInBackground(slow);
    assertThat(entered.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    RuntimeRegistry.shutdown(ShardwiseUrl.parse(slow));
    go.countDown();
    ShardwiseRuntime shutDown = start.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(shutDown.isClosed()).isTrue();
    ShardwiseRuntime next = RuntimeRegistry.runtime(ShardwiseUrl.parse(slow));
    assertThat(next).isNotSameAs(shutDown);
    assertThat(next.isClosed()).isFalse();
    assertThat(loads).hasValue(2);
  }

  /**
   * A data source whose wait for another's start is interrupted gets 57014 and holds nothing: when
   * the data source that started the runtime releases it, it closes.
   */
  @Test
  void anInterruptedWait_ofADataSource_holdsNothing() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    String slow = map("slow");
    ShardwiseUrl url = ShardwiseUrl.parse(slow);
    RuntimeRegistry.loadMapsWith(waitingFor(go, new AtomicInteger(), entered));
    Future<ShardwiseRuntime> first = threads.submit(() -> RuntimeRegistry.acquire(url));
    assertThat(entered.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    Future<SQLException> second =
        threads.submit(
            () -> {
              callers.add(Thread.currentThread());
              try {
                RuntimeRegistry.acquire(url);
                return null;
              } catch (SQLException e) {
                return e;
              }
            });
    await().atMost(BOUND).until(() -> waiting() == 1);
    callers.forEach(Thread::interrupt);
    SQLException interrupted = second.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    assertThat((Throwable) interrupted).isNotNull().hasMessageContaining("Interrupted");
    assertThat(interrupted.getSQLState()).isEqualTo("57014");
    go.countDown();
    ShardwiseRuntime runtime = first.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(runtime.isClosed()).isFalse();
    RuntimeRegistry.release(url, runtime);
    assertThat(runtime.isClosed()).isTrue();
    assertThat(RuntimeRegistry.find(url)).isEmpty();
  }

  /** How many of the background callers wait (for another caller's start). */
  private long waiting() {
    return callers.stream().filter(t -> t.getState() == Thread.State.WAITING).count();
  }

  private static Throwable failureOf(Future<?> future) throws Exception {
    try {
      future.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("the start did not fail");
  }
}
