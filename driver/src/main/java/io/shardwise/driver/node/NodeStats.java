package io.shardwise.driver.node;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live counters and the last health of one node. Every method is lock-free: counters are
 * atomics, health is one volatile reference to an immutable {@link NodeHealth}.
 *
 * <p>{@link #begin()} and {@link #end()} bracket the use of a physical connection. {@link
 * NodePools} calls them itself when a pooled connection is borrowed and given back, so code that
 * leases connections through {@code NodePools} must not call them again.
 */
public final class NodeStats {

  private final LongAdder routed = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder fallbacks = new LongAdder();
  private final AtomicLong ejections = new AtomicLong();
  private final AtomicInteger outstanding = new AtomicInteger();
  private volatile NodeHealth health = NodeHealth.UNKNOWN;

  /** A statement was routed to this node. */
  public void routed() {
    routed.increment();
  }

  /** A statement or connection attempt on this node failed. */
  public void error() {
    errors.increment();
  }

  /** A read found no eligible replica and fell back to this node, its shard's primary. */
  public void fallback() {
    fallbacks.increment();
  }

  /** A physical connection to this node was leased. */
  public void begin() {
    outstanding.incrementAndGet();
  }

  /** A physical connection to this node was given back. */
  public void end() {
    outstanding.decrementAndGet();
  }

  public long routedCount() {
    return routed.sum();
  }

  public long errorCount() {
    return errors.sum();
  }

  public long fallbackCount() {
    return fallbacks.sum();
  }

  public long ejectionCount() {
    return ejections.get();
  }

  /** Physical connections to this node in use right now. */
  public int outstanding() {
    return outstanding.get();
  }

  public NodeHealth health() {
    return health;
  }

  /** Publishes the monitor's latest view of the node; {@code ejected} counts an ejection. */
  public void publish(NodeHealth health, boolean ejected) {
    if (ejected) {
      ejections.incrementAndGet();
    }
    this.health = health;
  }
}
