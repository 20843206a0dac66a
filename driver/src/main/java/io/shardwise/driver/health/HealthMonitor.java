package io.shardwise.driver.health;

import io.shardwise.driver.node.Node;
import io.shardwise.driver.node.NodeHealth;
import io.shardwise.driver.node.NodeHealth.State;
import io.shardwise.driver.node.ShardNodes;
import io.shardwise.router.config.Engine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Probes every node of one shard map on its own daemon threads and publishes each node's health and
 * lag into its {@link io.shardwise.driver.node.NodeStats}. One per runtime: it starts with the
 * runtime and stops when the runtime closes. It uses connections of its own, one per node, never
 * the application's pools. Nodes of an in-memory H2 database are admitted without probing.
 */
public final class HealthMonitor implements AutoCloseable {

  private static final AtomicInteger MONITORS = new AtomicInteger();

  private final HealthSettings settings;
  private final List<NodeProbe> probes = new ArrayList<>();
  private final List<Node> unprobed = new ArrayList<>();
  private final ScheduledThreadPoolExecutor scheduler;
  private final CountDownLatch firstRound;
  private volatile boolean closed;

  public HealthMonitor(Collection<ShardNodes> shards, HealthSettings settings) {
    this.settings = settings;
    for (ShardNodes shard : shards) {
      add(shard.primary(), null);
      for (Node replica : shard.replicas()) {
        add(replica, shard.primary());
      }
    }
    this.firstRound = new CountDownLatch(probes.size());
    int threads = Math.max(1, Math.min(4, probes.size()));
    String prefix = "shardwise-health-" + MONITORS.incrementAndGet() + "-";
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory =
        runnable -> {
          Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    this.scheduler = new ScheduledThreadPoolExecutor(threads, factory);
    scheduler.setRemoveOnCancelPolicy(true);
    scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  private void add(Node node, Node primary) {
    if (!Engine.isInMemory(node.spec().url())) {
      probes.add(new NodeProbe(this, node, primary, settings));
    } else {
      unprobed.add(node);
    }
  }

  /** Starts probing: primaries first, so that replicas have a position to measure lag against. */
  public void start() {
    for (Node node : unprobed) {
      node.stats().publish(new NodeHealth(State.UP, 0, 0, null, null, System.nanoTime()), false);
    }
    for (NodeProbe probe : probes) {
      schedule(probe, 0);
    }
  }

  /** Waits until every node has been probed once; false when {@code timeout} passed first. */
  public boolean awaitFirstRound(Duration timeout) {
    try {
      return firstRound.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public HealthSettings settings() {
    return settings;
  }

  void firstProbeDone() {
    firstRound.countDown();
  }

  boolean isClosed() {
    return closed;
  }

  void schedule(NodeProbe probe, long delayMillis) {
    if (closed) {
      probe.closeConnection();
      return;
    }
    try {
      scheduler.schedule(probe, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      probe.closeConnection();
    }
  }

  /** Stops the probes and closes their connections; waits at most one probe timeout. */
  @Override
  public void close() {
    closed = true;
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(settings.timeout().toMillis() + 500, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (NodeProbe probe : probes) {
      probe.closeConnection();
    }
  }
}
