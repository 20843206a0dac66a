package io.shardwise.driver.metrics;

/**
 * A node as a JMX MXBean, registered as {@code io.shardwise:type=Node,map=<map>,node=<id>} while
 * its runtime is open. Attributes are those of {@link io.shardwise.driver.NodeMetrics}.
 */
public interface NodeMXBean {

  String getShard();

  String getRole();

  String getUrl();

  String getState();

  boolean isEligible();

  long getLagMillis();

  long getBehind();

  String getPosition();

  String getReason();

  long getRoutedStatements();

  long getErrors();

  long getEjections();

  long getFallbacksToPrimary();

  int getOutstanding();
}
