package io.shardwise.driver.metrics;

import io.shardwise.driver.node.Node;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
 * <p>The registration runs on a thread of its own, and only once it is {@linkplain #due() due}: the
 * runtime makes it due at its first statement (or when its metrics are read), else it starts
 * {@value #DUE_AFTER_MILLIS} ms after the runtime. The first use of the platform MBean server in a
 * JVM starts it, which costs hundreds of milliseconds of CPU; started with the runtime, it took a
 * core from {@code getConnection} and from the parser warm-up that the first statement's analysis
 * waits for. {@link #map()} and {@link #close()} make it due and wait for it to finish.
 */
public final class NodeMBeans implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NodeMBeans.class);
  static final String DOMAIN = "io.shardwise";

  private final List<ObjectName> registered = new ArrayList<>();
  private final Thread registration;
  private MBeanServer server;
  private String map;

  /** When the registration starts if nothing made it due before. */
  static final long DUE_AFTER_MILLIS = 5_000;

  private final CountDownLatch due = new CountDownLatch(1);

  /**
   * Starts the thread that registers one MBean per node once {@link #due()}; {@code map} names the
   * shard map in the object names.
   */
  public NodeMBeans(String map, List<Node> nodes, long maxLagMillis) {
    this.map = map;
    this.registration =
        new Thread(
            () -> {
              awaitDue();
              register(map, nodes, maxLagMillis);
            },
            "shardwise-jmx");
    registration.setDaemon(true);
    registration.start();
  }

  /** Lets the registration start now; idempotent, and a single volatile read once called. */
  public void due() {
    due.countDown();
  }

  private void awaitDue() {
    try {
      due.await(DUE_AFTER_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // register at once
    }
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
    due();
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
    due();
    awaitRegistration();
    synchronized (this) {
      unregisterAll();
    }
  }
}
