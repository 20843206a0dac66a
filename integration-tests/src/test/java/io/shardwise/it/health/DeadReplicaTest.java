package io.shardwise.it.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shardwise.driver.ShardwiseDriver;
import io.shardwise.it.topology.Engine;
import io.shardwise.it.topology.RealTopology;
import io.shardwise.it.topology.Topology;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A replica SIGKILLed under 4 reader threads, with the default health settings and a pool whose
 * {@code connectionTimeout} is HikariCP's 30 s: no read stalls more than 1 s beyond the detection
 * window (kill to ejection), no read fails after it, and no read is served by the dead node after
 * it. The node is then restarted and readmitted; it is restarted in any case (finally), since other
 * tests share the topology. The figures go to docs/testing.md.
 */
class DeadReplicaTest {

  private static final String SHARD = "s2";
  private static final String ROLE = "replica2";
  private static final String NODE = "s2/replica-1";
  private static final int READERS = 4;
  private static final long BOUND_BEYOND_DETECTION_MILLIS = 1000;
  private static final Duration STEP = Duration.ofSeconds(60);

  @ParameterizedTest
  @EnumSource(Engine.class)
  void killedReplica_readsMoveOnWithinTheBound_thenItIsReadmitted(Engine engine) throws Exception {
    Topology topology = RealTopology.require(engine);
    int killedPort = Topology.port(topology.replicaUrls(engine, SHARD).get(1));
    String url =
        HealthMaps.url(
            topology,
            engine,
            "{ strategy: round-robin, whenNoReplica: primary }\n"
                + "pool: { maximumPoolSize: 10, connectionTimeout: 30s }");
    Readers readers = new Readers(url, engine, killedPort);
    try {
      readers.start();
      await("reads on the replica to kill")
          .atMost(STEP)
          .until(() -> readers.servedByKilled.get() > 50 && readers.ok.get() > 200);

      readers.maxNanos.set(0); // warm-up (pools, the first probes) is not what is measured
      long ejectionsBefore = HealthMaps.metrics(url, NODE).ejections();
      String killed = topology(engine, "kill-node");
      long killedAtMillis = Long.parseLong(killed.replaceAll("(?s).*epoch_ms=(\\d+).*", "$1"));
      await(NODE + " ejected")
          .atMost(STEP)
          .pollInterval(Duration.ofMillis(10))
          .until(() -> HealthMaps.metrics(url, NODE).state().equals("DOWN"));
      long ejectedAt = System.nanoTime();
      long detection = System.currentTimeMillis() - killedAtMillis; // both on the wall clock
      long okAtEjection = readers.ok.get();
      await("reads after the ejection")
          .atMost(STEP)
          .until(() -> readers.ok.get() > okAtEjection + 400);
      // Every read that began before the ejection has ended by now: the slowest is measured.
      await("reads begun before the ejection have ended")
          .atMost(STEP)
          .until(() -> readers.oldestRunningStart() > ejectedAt);
      readers.stop();

      long maxStall = ms(readers.maxNanos.get());
      long failedAfter = readers.failuresAfter(ejectedAt);
      System.out.printf(
          "%s dead replica: %d readers, %d reads ok, %d failed (%d after the ejection); ejected"
              + " %d ms after SIGKILL; longest read %d ms (bound %d ms); reads served by the"
              + " dead node after the ejection: %d%n",
          engine.label(),
          READERS,
          readers.ok.get(),
          readers.failures.size(),
          failedAfter,
          detection,
          maxStall,
          detection + BOUND_BEYOND_DETECTION_MILLIS,
          readers.servedByKilledAfter(ejectedAt));
      readers.failures.forEach(f -> System.out.println("  failed read: " + f));

      assertThat(failedAfter).as("failed reads after the detection window").isZero();
      assertThat(maxStall)
          .as("longest read, against the detection window (%d ms) + 1 s", detection)
          .isLessThanOrEqualTo(detection + BOUND_BEYOND_DETECTION_MILLIS);
      assertThat(readers.servedByKilledAfter(ejectedAt)).isZero();

      long restartedAt = System.nanoTime();
      topology(engine, "start-node");
      await(NODE + " readmitted")
          .atMost(STEP)
          .pollInterval(Duration.ofMillis(20))
          .until(() -> HealthMaps.metrics(url, NODE).eligible());
      System.out.printf(
          "%s dead replica: restarted and readmitted %d ms after the restart began%n",
          engine.label(), ms(System.nanoTime() - restartedAt));
      assertThat(HealthMaps.metrics(url, NODE).ejections()).isEqualTo(ejectionsBefore + 1);
      try (Connection app = DriverManager.getConnection(url)) {
        assertThat(HealthMaps.servedBy(app, engine, 6)).contains(killedPort);
      }
    } finally {
      readers.stop();
      ShardwiseDriver.shutdown(url);
      topology(engine, "start-node"); // the shared topology is whole again, whatever happened
    }
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }

  /**
   * {@code scripts/topology.sh <verb> <engine> s2 replica2}: its output; fails on a non-zero exit.
   */
  private static String topology(Engine engine, String verb) throws Exception {
    Path script = Path.of("..", "scripts", "topology.sh").toAbsolutePath().normalize();
    String engineName = engine == Engine.PG ? "pg" : "mariadb";
    Process process =
        new ProcessBuilder("bash", script.toString(), verb, engineName, SHARD, ROLE)
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(verb).isTrue();
    assertThat(process.exitValue()).as(verb + ": " + output).isZero();
    return output;
  }

  /** Reader threads that each run the port query on shard s2 in a loop, timing every read. */
  private static final class Readers {
    private final String url;
    private final Engine engine;
    private final int killedPort;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final long[] runningSince = new long[READERS];
    final AtomicLong ok = new AtomicLong();
    final AtomicLong servedByKilled = new AtomicLong();
    final AtomicLong maxNanos = new AtomicLong();
    final Queue<Long> killedServedAt = new ConcurrentLinkedQueue<>();
    final Queue<Failure> failures = new ConcurrentLinkedQueue<>();

    /** A failed read: when it ended, how long it took, what it raised. */
    record Failure(long atNanos, long tookMillis, String state, String message) {}

    Readers(String url, Engine engine, int killedPort) {
      this.url = url;
      this.engine = engine;
      this.killedPort = killedPort;
    }

    void start() {
      for (int i = 0; i < READERS; i++) {
        int slot = i;
        Thread thread = new Thread(() -> read(slot), "dead-replica-reader-" + i);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
      }
    }

    void stop() throws InterruptedException {
      running.set(false);
      for (Thread thread : threads) {
        thread.join(TimeUnit.SECONDS.toMillis(60));
      }
    }

    /** The start of the oldest read still running; Long.MAX_VALUE when none is. */
    synchronized long oldestRunningStart() {
      long oldest = Long.MAX_VALUE;
      for (long since : runningSince) {
        if (since != 0) {
          oldest = Math.min(oldest, since);
        }
      }
      return oldest;
    }

    private synchronized void running(int slot, long since) {
      runningSince[slot] = since;
    }

    long failuresAfter(long nanos) {
      return failures.stream().filter(f -> f.atNanos() - nanos > 0).count();
    }

    long servedByKilledAfter(long nanos) {
      return killedServedAt.stream().filter(at -> at - nanos > 0).count();
    }

    private void read(int slot) {
      try (Connection c = DriverManager.getConnection(url);
          Statement statement = c.createStatement()) {
        while (running.get()) {
          long start = System.nanoTime();
          running(slot, start);
          try (ResultSet rs = statement.executeQuery(engine.portQuery())) {
            rs.next();
            int port = rs.getInt(1);
            long took = System.nanoTime() - start;
            maxNanos.accumulateAndGet(took, Math::max);
            ok.incrementAndGet();
            if (port == killedPort) {
              servedByKilled.incrementAndGet();
              killedServedAt.add(start);
            }
          } catch (SQLException e) {
            long took = System.nanoTime() - start;
            maxNanos.accumulateAndGet(took, Math::max);
            failures.add(new Failure(System.nanoTime(), ms(took), e.getSQLState(), e.getMessage()));
          } finally {
            running(slot, 0);
          }
        }
      } catch (SQLException e) {
        failures.add(new Failure(System.nanoTime(), 0, e.getSQLState(), e.getMessage()));
      }
    }
  }
}
