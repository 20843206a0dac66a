package io.shardwise.it.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shardwise.driver.NodeMetrics;
import io.shardwise.driver.ShardwiseDriver;
import io.shardwise.router.config.ShardMapLoader;
import io.shardwise.router.ring.HashRing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real faults under a bounded concurrent read/write load on loopback: a replica killed with
 * SIGKILL, then restarted; a primary stopped, then restarted. Every step waits on a condition with
 * a bounded timeout. Afterwards every acknowledged write is on its shard exactly once.
 */
class FaultToleranceTest {

  private static final Duration STEP = Duration.ofSeconds(60);
  private static final long LOAD_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(150);

  @ParameterizedTest
  @EnumSource(Engine.class)
  void killedReplicaAndStoppedPrimary(Engine engine) throws Exception {
    Topology topology = RealTopology.require(engine);
    Path map =
        topology.shardMap(
            engine,
            "tables:\n  fault_items: { shardKey: id }\n"
                + "reads: { strategy: round-robin, maxReplicaLag: 5s, readYourWrites: off }\n"
                + "pool: { maximumPoolSize: 8, connectionTimeout: 2s }\n");
    String url = "jdbc:shardwise:" + map;
    var loaded = ShardMapLoader.load(map);
    HashRing ring = HashRing.of(loaded.ring(), loaded.shards());
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS fault_items");
      s.execute("CREATE TABLE fault_items (id BIGINT PRIMARY KEY, v BIGINT NOT NULL)");
    }
    for (String shard : Topology.SHARDS) {
      for (String replica : topology.replicaUrls(engine, shard)) {
        await("table on " + replica).atMost(STEP).until(() -> hasTable(topology, engine, replica));
      }
    }
    Load load = new Load(url, ring);
    try {
      load.start();
      await("warm-up")
          .atMost(STEP)
          .until(() -> load.writesOk.get() > 100 && load.readsOk.get() > 100);

      // 1. SIGKILL a replica of s1: reads go on; it is ejected, then readmitted after restart
      long killedAt = System.nanoTime();
      signal(pid(topology, engine, "s1", "replica2"), "KILL");
      await("s1/replica-1 ejected")
          .atMost(STEP)
          .until(() -> !metrics(url, "s1/replica-1").state().equals("UP"));
      long ejectedAt = System.nanoTime();
      long readErrorsAtEjection = load.readErrors.get();
      long readsAtEjection = load.readsOk.get();
      await("reads after ejection")
          .atMost(STEP)
          .until(() -> load.readsOk.get() > readsAtEjection + 300);
      long readErrorsAfterDetection = load.readErrors.get() - readErrorsAtEjection;
      restartTopology();
      long restartedAt = System.nanoTime();
      await("s1/replica-1 readmitted")
          .atMost(STEP)
          .until(() -> metrics(url, "s1/replica-1").eligible());
      long readmittedAt = System.nanoTime();

      // 2. stop s2's primary: its writes fail with 08xxx naming it, reads of s2 go on
      long writesBeforeStop = load.writesOk.get();
      long s2ReadsBeforeStop = load.readsOkOnS2.get();
      signal(pid(topology, engine, "s2", "primary"), engine == Engine.PG ? "INT" : "TERM");
      long stoppedAt = System.nanoTime();
      await("s2 write failures").atMost(STEP).until(() -> !load.writeFailures.isEmpty());
      await("s2 reads during the outage")
          .atMost(STEP)
          .until(() -> load.readsOkOnS2.get() > s2ReadsBeforeStop + 100);
      long writesOkDuringOutage = load.writesOk.get() - writesBeforeStop;
      restartTopology();
      long s2WritesBeforeRecovery = load.writesOkOnS2.get();
      await("s2 writes recover")
          .atMost(STEP)
          .until(() -> load.writesOkOnS2.get() > s2WritesBeforeRecovery + 20);
      long recoveredAt = System.nanoTime();

      load.stop();
      System.out.printf(
          "%s faults: %d writes ok, %d failed; %d reads ok, %d failed (%d of them after the"
              + " ejection); replica ejected %d ms after SIGKILL, readmitted %d ms after restart;"
              + " s2 primary stopped: %d writes to s1 kept succeeding, s2 writes recovered %d ms"
              + " after the stop%n",
          engine.label(),
          load.writesOk.get(),
          load.writeFailures.size(),
          load.readsOk.get(),
          load.readErrors.get(),
          readErrorsAfterDetection,
          ms(ejectedAt - killedAt),
          ms(readmittedAt - restartedAt),
          writesOkDuringOutage,
          ms(recoveredAt - stoppedAt));
      assertThat(readErrorsAfterDetection).as("failed reads after the detection window").isZero();
      assertThat(load.readErrors.get()).as("failed reads at all: retried elsewhere").isZero();
      assertThat(load.writeFailures)
          .allSatisfy(
              f -> {
                assertThat(f.state()).as(f.message()).startsWith("08");
                assertThat(f.message()).contains("[s2/primary]");
              });
      assertThat(writesOkDuringOutage).as("writes to s1 go on while s2 is down").isPositive();
      verifyWrites(topology, engine, ring, load);
    } finally {
      load.stop();
      ShardwiseDriver.shutdown(url);
      restartTopology();
    }
  }

  /** Every acknowledged write is on its owner primary exactly once; failed ones at most once. */
  private static void verifyWrites(Topology topology, Engine engine, HashRing ring, Load load)
      throws Exception {
    Map<Long, String> found = new ConcurrentHashMap<>();
    for (String shard : Topology.SHARDS) {
      try (Connection c = topology.direct(topology.primaryUrl(engine, shard), engine);
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT id, v FROM fault_items")) {
        while (rs.next()) {
          long id = rs.getLong(1);
          assertThat(rs.getLong(2)).isEqualTo(id);
          assertThat(found.put(id, shard)).as("id %d on two shards", id).isNull();
          assertThat(shard).isEqualTo(ring.shardFor(id));
        }
      }
    }
    for (long id : load.acknowledged) {
      assertThat(found).as("acknowledged write %d", id).containsKey(id);
    }
    long unacknowledgedPresent =
        load.writeFailures.stream().filter(f -> found.containsKey(f.id())).count();
    System.out.printf(
        "%s verify: %d acknowledged writes all present once; %d rows in all; %d failed writes"
            + " present anyway%n",
        engine.label(), load.acknowledged.size(), found.size(), unacknowledgedPresent);
  }

  private static boolean hasTable(Topology topology, Engine engine, String node) {
    try (Connection c = topology.direct(node, engine);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM fault_items")) {
      return rs.next();
    } catch (SQLException e) {
      return false;
    }
  }

  private static NodeMetrics metrics(String url, String node) throws SQLException {
    return ShardwiseDriver.metrics(url).node(node).orElseThrow();
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }

  private static long pid(Topology topology, Engine engine, String shard, String role)
      throws IOException {
    Path dir =
        Path.of(
            System.getenv().getOrDefault("SHARDWISE_TOPOLOGY_DIR", "/tmp/shardwise-topology"),
            engine == Engine.PG ? "pg" : "mariadb",
            shard + "-" + role);
    Path file = dir.resolve(engine == Engine.PG ? "postmaster.pid" : "mariadbd.pid");
    return Long.parseLong(Files.readAllLines(file).get(0).trim());
  }

  private static void signal(long pid, String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
  }

  /** {@code scripts/topology.sh up} restarts stopped nodes and waits until they replicate. */
  private static void restartTopology() throws Exception {
    Path script = Path.of("..", "scripts", "topology.sh").toAbsolutePath().normalize();
    ProcessBuilder up =
        new ProcessBuilder("bash", script.toString(), "up").redirectErrorStream(true);
    Process process = up.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }

  /** Two writer and two reader threads against the shardwise URL, until stopped. */
  private static final class Load {
    private final String url;
    private final HashRing ring;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicLong maxAcked = new AtomicLong();
    final AtomicLong writesOk = new AtomicLong();
    final AtomicLong writesOkOnS2 = new AtomicLong();
    final AtomicLong readsOk = new AtomicLong();
    final AtomicLong readsOkOnS2 = new AtomicLong();
    final AtomicLong readErrors = new AtomicLong();
    final Queue<Long> acknowledged = new ConcurrentLinkedQueue<>();
    final Queue<Failure> writeFailures = new ConcurrentLinkedQueue<>();
    final Queue<String> readFailures = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private final long deadline = System.nanoTime() + LOAD_LIMIT_NANOS;

    record Failure(long id, String state, String message) {}

    Load(String url, HashRing ring) {
      this.url = url;
      this.ring = ring;
    }

    void start() {
      for (int i = 0; i < 2; i++) {
        threads.add(daemon("fault-writer-" + i, this::write));
        threads.add(daemon("fault-reader-" + i, this::read));
      }
    }

    private static Thread daemon(String name, Runnable body) {
      Thread thread = new Thread(body, name);
      thread.setDaemon(true);
      thread.start();
      return thread;
    }

    void stop() throws InterruptedException {
      running.set(false);
      for (Thread t : threads) {
        t.join(TimeUnit.SECONDS.toMillis(30));
      }
      if (!readFailures.isEmpty()) {
        System.out.println("read failures: " + readFailures);
      }
    }

    private boolean going() {
      return running.get() && System.nanoTime() < deadline;
    }

    private void write() {
      try (Connection c = DriverManager.getConnection(url);
          PreparedStatement insert =
              c.prepareStatement("INSERT INTO fault_items (id, v) VALUES (?, ?)")) {
        while (going()) {
          long id = nextId.getAndIncrement();
          insert.setLong(1, id);
          insert.setLong(2, id);
          try {
            insert.executeUpdate();
            acknowledged.add(id);
            maxAcked.accumulateAndGet(id, Math::max);
            writesOk.incrementAndGet();
            if (ring.shardFor(id).equals("s2")) {
              writesOkOnS2.incrementAndGet();
            }
          } catch (SQLException e) {
            writeFailures.add(new Failure(id, e.getSQLState(), e.getMessage()));
          }
        }
      } catch (SQLException e) {
        writeFailures.add(new Failure(-1, e.getSQLState(), e.getMessage()));
      }
    }

    private void read() {
      try (Connection c = DriverManager.getConnection(url);
          PreparedStatement select = c.prepareStatement("SELECT v FROM fault_items WHERE id = ?")) {
        while (going()) {
          long max = maxAcked.get();
          if (max == 0) {
            Thread.onSpinWait();
            continue;
          }
          long id = 1 + ThreadLocalRandom.current().nextLong(max);
          select.setLong(1, id);
          try (ResultSet rs = select.executeQuery()) {
            rs.next(); // a row not yet replicated is not an error
            readsOk.incrementAndGet();
            if (ring.shardFor(id).equals("s2")) {
              readsOkOnS2.incrementAndGet();
            }
          } catch (SQLException e) {
            readErrors.incrementAndGet();
            readFailures.add(e.getSQLState() + " " + e.getMessage());
          }
        }
      } catch (Exception e) {
        readErrors.incrementAndGet();
        readFailures.add(e.toString());
      }
    }
  }
}
