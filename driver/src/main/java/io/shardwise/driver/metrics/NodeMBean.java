package io.shardwise.driver.metrics;

import io.shardwise.driver.NodeMetrics;
import io.shardwise.driver.node.Node;

/** Reads a node's live counters on each attribute access. */
final class NodeMBean implements NodeMXBean {

  private final Node node;
  private final long maxLagMillis;

  NodeMBean(Node node, long maxLagMillis) {
    this.node = node;
    this.maxLagMillis = maxLagMillis;
  }

  private NodeMetrics now() {
    return NodeMetrics.of(node, maxLagMillis);
  }

  @Override
  public String getShard() {
    return node.shard();
  }

  @Override
  public String getRole() {
    return now().role();
  }

  @Override
  public String getUrl() {
    return node.spec().maskedUrl();
  }

  @Override
  public String getState() {
    return now().state();
  }

  @Override
  public boolean isEligible() {
    return now().eligible();
  }

  @Override
  public long getLagMillis() {
    return now().lagMillis();
  }

  @Override
  public long getBehind() {
    return now().behind();
  }

  @Override
  public String getPosition() {
    return now().position();
  }

  @Override
  public String getReason() {
    return now().reason();
  }

  @Override
  public long getRoutedStatements() {
    return node.stats().routedCount();
  }

  @Override
  public long getErrors() {
    return node.stats().errorCount();
  }

  @Override
  public long getEjections() {
    return node.stats().ejectionCount();
  }

  @Override
  public long getFallbacksToPrimary() {
    return node.stats().fallbackCount();
  }

  @Override
  public int getOutstanding() {
    return node.stats().outstanding();
  }
}
