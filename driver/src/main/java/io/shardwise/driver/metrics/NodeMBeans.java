package io.shardwise.driver.metrics;

import io.shardwise.driver.node.Node;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JMX registration of one runtime's nodes in the platform MBean server: made when the runtime
 * starts, removed when it closes. A second runtime over a map of the same name (other URL
 * properties) registers as {@code <map>#2}. JMX failures are logged, never thrown: monitoring must
 * not stop an application from connecting.
 *
 * <p>The registration runs on a thread of its own: the first use of the platform MBean server in a
 * JVM starts it, which costs hundreds of milliseconds that the first {@code getConnection} must not
 * wait for. {@link #map()} and {@link #close()} wait for it to finish.
 */
public final class NodeMBeans implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NodeMBeans.class);
  static final String DOMAIN = "io.shardwise";

  private final List<ObjectName> registered = new ArrayList<>();
  private final Thread registration;
  private MBeanServer server;
  private String map;

  /** Starts registering one MBean per node; {@code map} names the shard map in the object names. */
  public NodeMBeans(String map, List<Node> nodes, long maxLagMillis) {
    this.map = map;
    this.registration = new Thread(() -> register(map, nodes, maxLagMillis), "shardwise-jmx");
    registration.setDaemon(true);
    registration.start();
  }

  private synchronized void register(String map, List<Node> nodes, long maxLagMillis) {
    server = ManagementFactory.getPlatformMBeanServer();
    String name = map;
    for (int attempt = 2; ; attempt++) {
      try {
        registerAll(name, nodes, maxLagMillis);
        break;
      } catch (InstanceAlreadyExistsException e) {
        unregisterAll();
        if (attempt > 100) {
          LOG.warn("Not registering JMX MBeans for shard map {}: names taken", map);
          break;
        }
        name = map + "#" + attempt;
      } catch (JMException e) {
        unregisterAll();
        LOG.warn("Not registering JMX MBeans for shard map {}: {}", map, e.toString());
        break;
      }
    }
    this.map = name;
  }

  private void registerAll(String map, List<Node> nodes, long maxLagMillis) throws JMException {
    for (Node node : nodes) {
      ObjectName name = objectName(map, node.id());
      server.registerMBean(new NodeMBean(node, maxLagMillis), name);
      registered.add(name);
    }
  }

  /** {@code io.shardwise:type=Node,map=<map>,node=<id>}, values quoted only where JMX needs it. */
  public static ObjectName objectName(String map, String nodeId) throws JMException {
    return new ObjectName(DOMAIN + ":type=Node,map=" + value(map) + ",node=" + value(nodeId));
  }

  private static String value(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      if (",=:\"*?\n".indexOf(raw.charAt(i)) >= 0) {
        return ObjectName.quote(raw);
      }
    }
    return raw;
  }

  /** The map name used in the object names (may carry a {@code #n} suffix). */
  public String map() {
    awaitRegistration();
    synchronized (this) {
      return map;
    }
  }

  private void awaitRegistration() {
    try {
      registration.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void unregisterAll() {
    for (ObjectName name : registered) {
      try {
        server.unregisterMBean(name);
      } catch (JMException e) {
        LOG.debug("Could not unregister {}: {}", name, e.toString());
      }
    }
    registered.clear();
  }

  @Override
  public void close() {
    awaitRegistration();
    synchronized (this) {
      unregisterAll();
    }
  }
}
