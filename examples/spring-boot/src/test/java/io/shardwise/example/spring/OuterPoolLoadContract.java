package io.shardwise.example.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An application pool of 20 (HikariCP) over shardwise under a bounded concurrent load, then the
 * context closes: no thread and no physical connection it opened may outlive it (counted from the
 * JVM and from the servers). The same load on the same application straight on shard s1's primary
 * gives the throughput ratio. The load lasts {@code -Dshardwise.load.seconds} (3 by default, 30 for
 * the figures in docs/frameworks.md). Subclassed per engine.
 */
abstract class OuterPoolLoadContract {

  static final int POOL = 20;
  static final int ACCOUNTS = 3 * POOL;
  static final int WARM_UP_SECONDS = 1;
  private static final AtomicLong ENTRY_IDS = new AtomicLong();

  abstract ExampleShards createShards() throws Exception;

  abstract String label();

  @Test
  void poolOf20_underLoad_leavesNoThreadOrConnection_andIsMeasuredAgainstADirectUrl()
      throws Exception {
    int seconds = Integer.getInteger("shardwise.load.seconds", 3);
    try (ExampleShards shards = createShards()) {
      shards.physicalConnections(); // loads the engine's JDBC driver before the threads are counted
      Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
      int connectionsBefore = shards.physicalConnections();
      List<Long> keys = shards.keysOn("s1", ACCOUNTS);

      Load viaShardwise;
      int connectionsDuring;
      int threadsDuring;
      try (ConfigurableApplicationContext app = ExampleApp.onShardwise(shards, pool())) {
        AccountService accounts = app.getBean(AccountService.class);
        for (long key : keys) {
          accounts.open(key, "load");
        }
        // The load reads accounts on replicas from other pooled connections than the ones that
        // opened them (session read-your-writes follows the logical connection): start it once
        // every replica has them, so that a replica still replaying is not counted as an error.
        awaitOnEveryReplica(shards, keys);
        run(accounts, keys, WARM_UP_SECONDS); // JIT and pools warm, as for the direct run below
        viaShardwise = run(accounts, keys, seconds);
        connectionsDuring = shards.physicalConnections();
        threadsDuring = Thread.getAllStackTraces().size();
      }
      awaitNothingLeaked(shards, threadsBefore, connectionsBefore);

      Load direct;
      try (ConfigurableApplicationContext app = ExampleApp.onDirectUrl(shards, pool())) {
        AccountService accounts = app.getBean(AccountService.class);
        run(accounts, keys, WARM_UP_SECONDS);
        direct = run(accounts, keys, seconds);
      }
      awaitNothingLeaked(shards, threadsBefore, connectionsBefore);

      System.out.printf(
          Locale.ROOT,
          "Outer pool load on %s, %d s, %d threads, pool %d: shardwise %.0f tx/s (%d tx),"
              + " direct %.0f tx/s (%d tx), ratio %.2f; threads before %d, during %d;"
              + " physical connections before %d, during %d, after %d%n",
          label(),
          seconds,
          POOL,
          POOL,
          viaShardwise.perSecond(),
          viaShardwise.transactions(),
          direct.perSecond(),
          direct.transactions(),
          viaShardwise.perSecond() / direct.perSecond(),
          threadsBefore.size(),
          threadsDuring,
          connectionsBefore,
          connectionsDuring,
          shards.physicalConnections());
      assertThat(viaShardwise.errors()).as("errors under load via shardwise").isEmpty();
      assertThat(direct.errors()).as("errors under load on the direct URL").isEmpty();
      assertThat(viaShardwise.transactions()).isPositive();
      assertThat(direct.transactions()).isPositive();
      assertThat(connectionsDuring).as("the load used physical connections").isPositive();
    }
  }

  private static void awaitOnEveryReplica(ExampleShards shards, List<Long> keys) {
    await("the accounts on every replica of s1")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              for (int replica = 1; replica <= shards.replicaCount(); replica++) {
                for (long key : keys) {
                  if (shards.accountRowsOn("s1", replica, key) != 1) {
                    return false;
                  }
                }
              }
              return true;
            });
  }

  private static String[] pool() {
    return new String[] {
      "spring.datasource.hikari.maximum-pool-size=" + POOL,
      "spring.datasource.hikari.minimum-idle=" + POOL
    };
  }

  /**
   * Threads that exist now and did not before; none may remain after the context closed. The JDK's
   * shared common pool is not the application's: its workers (started by a library on first use)
   * outlive any context and end by themselves after 60 s idle.
   */
  private static void awaitNothingLeaked(
      ExampleShards shards, Set<Thread> threadsBefore, int connectionsBefore) {
    await()
        .pollInSameThread()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              assertThat(newThreads(threadsBefore)).as("threads left behind").isEmpty();
              assertThat(shards.physicalConnections())
                  .as("physical connections left open")
                  .isEqualTo(connectionsBefore);
            });
  }

  private static List<String> newThreads(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !before.contains(t) && t.isAlive())
        .filter(t -> !t.getName().startsWith("ForkJoinPool.commonPool-worker-"))
        .map(Thread::getName)
        .sorted()
        .collect(Collectors.toList());
  }

  /** The transactions done and the errors seen by {@link #POOL} threads in {@code seconds}. */
  record Load(long transactions, double seconds, Queue<Throwable> errors) {
    double perSecond() {
      return transactions / seconds;
    }
  }

  /**
   * {@link #POOL} threads, each in a loop until the deadline: 4 in 5 transactions read a random
   * account ({@code @Transactional(readOnly = true)}), 1 in 5 deposits to one of the thread's own
   * accounts (a read-write transaction of an INSERT, an UPDATE and a read), so that writers do not
   * queue on each other's row locks and the figure measures the path, not lock waits.
   */
  private static Load run(AccountService accounts, List<Long> keys, int seconds)
      throws InterruptedException {
    LongAdder done = new LongAdder();
    Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
    ExecutorService workers = Executors.newFixedThreadPool(POOL);
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
    int perThread = keys.size() / POOL;
    for (int i = 0; i < POOL; i++) {
      List<Long> own = keys.subList(i * perThread, (i + 1) * perThread);
      workers.execute(
          () -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (System.nanoTime() < deadline && errors.size() < 10) {
              try {
                if (random.nextInt(5) == 0) {
                  long key = own.get(random.nextInt(own.size()));
                  accounts.deposit(key, ENTRY_IDS.incrementAndGet(), 1);
                } else {
                  accounts.find(keys.get(random.nextInt(keys.size())));
                }
                done.increment();
              } catch (RuntimeException e) {
                errors.add(e);
              }
            }
          });
    }
    workers.shutdown();
    assertThat(workers.awaitTermination(seconds + 60L, TimeUnit.SECONDS)).isTrue();
    double elapsed = (System.nanoTime() - start) / 1e9;
    return new Load(done.sum(), elapsed, errors);
  }
}
