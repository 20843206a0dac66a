package io.shardwise.driver.health;

import io.shardwise.driver.node.Node;
import io.shardwise.driver.node.NodeHealth;
import io.shardwise.driver.node.NodeHealth.State;
import io.shardwise.driver.replication.ReplicationPosition;
import io.shardwise.router.config.SecretMask;
import io.shardwise.router.route.NodeRole;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The probe of one node: a connection of its own (opened on demand, kept between probes, dropped
 * after a failure), the hysteresis state and the bookkeeping that lag needs. Runs on the monitor's
 * threads, one run at a time per node (each run schedules the next), so it needs no lock; what
 * others may read is published through {@link io.shardwise.driver.node.NodeStats#publish}.
 */
final class NodeProbe implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(HealthMonitor.class);
  private static final Executor DIRECT = Runnable::run;

  private final HealthMonitor monitor;
  private final Node node;
  private final Node primary;
  private final ReplicationProbe replication;
  private final HealthSettings settings;
  private final Hysteresis hysteresis;
  private Connection connection;
  private long behindSinceNanos;
  private NodeHealth lastGood;
  private boolean reported;

  NodeProbe(HealthMonitor monitor, Node node, Node primary, HealthSettings settings) {
    this.monitor = monitor;
    this.node = node;
    this.primary = primary;
    this.replication = ReplicationProbe.of(node.spec().engine());
    this.settings = settings;
    this.hysteresis =
        new Hysteresis(
            settings.ejectAfter(), settings.readmitAfter(), node.stats().health().state());
    NodeHealth known = node.stats().health();
    this.lastGood = known.state() == State.UP ? known : NodeHealth.UNKNOWN;
  }

  Node node() {
    return node;
  }

  @Override
  public void run() {
    if (monitor.isClosed()) {
      closeConnection();
      return;
    }
    try {
      long now = System.nanoTime();
      NodeHealth observed;
      String failure = null;
      try {
        observed = probe(now);
      } catch (SQLException | RuntimeException e) {
        failure = describe(e);
        observed = null;
        closeConnection();
      }
      Hysteresis.Change change = observed != null ? hysteresis.success() : hysteresis.failure();
      publish(observed, failure, change, now);
    } finally {
      // Whatever happened (even an Error from a broken driver), the node stays probed.
      if (!reported) {
        reported = true;
        monitor.firstProbeDone();
      }
      monitor.schedule(
          this, settings.delayMillis(hysteresis.state() == State.DOWN, hysteresis.failures()));
    }
  }

  /** One probe: the node's health as if admitted, or an exception. */
  private NodeHealth probe(long now) throws SQLException {
    Connection c = connection();
    if (node.role() == NodeRole.PRIMARY) {
      ReplicationPosition position = replication.probePosition(c);
      if (position == null && !c.isValid(timeoutSeconds())) {
        throw new SQLException("the connection is not valid");
      }
      return new NodeHealth(State.UP, 0, 0, position, null, now);
    }
    ReplicaReading reading = replication.readReplica(c);
    if (reading == ReplicaReading.NO_REPLICATION && !c.isValid(timeoutSeconds())) {
      throw new SQLException("the connection is not valid");
    }
    ReplicationPosition primaryPosition = primary.stats().health().position();
    if (reading.notReplicating() != null) {
      behindSinceNanos = 0;
      return new NodeHealth(State.UP, -1, -1, null, reading.notReplicating(), now);
    }
    long behind = replication.behind(reading, primaryPosition);
    if (behind > 0 || (behind < 0 && reading.secondsBehind() > 0)) {
      if (behindSinceNanos == 0) {
        behindSinceNanos = now;
      }
    } else {
      behindSinceNanos = 0;
    }
    long behindFor = behindSinceNanos == 0 ? 0 : (now - behindSinceNanos) / 1_000_000;
    long lag = replication.lagMillis(reading, behind, behindFor, settings.interval().toMillis());
    return new NodeHealth(State.UP, lag, behind, reading.replayed(), reading.note(), now);
  }

  private void publish(NodeHealth observed, String failure, Hysteresis.Change change, long now) {
    State state = hysteresis.state();
    NodeHealth health;
    if (observed != null) {
      lastGood = observed;
      String reason = observed.reason();
      if (state == State.DOWN) {
        reason =
            "recovering: "
                + hysteresis.successes()
                + " of "
                + hysteresis.readmitAfter()
                + " probes passed";
      }
      health =
          new NodeHealth(
              state, observed.lagMillis(), observed.behind(), observed.position(), reason, now);
    } else if (state == State.DOWN) {
      health = new NodeHealth(State.DOWN, -1, -1, lastGood.position(), failure, now);
    } else {
      // Failed, but not yet often enough to eject: keep the last good reading, note the failure.
      health =
          new NodeHealth(
              state,
              lastGood.lagMillis(),
              lastGood.behind(),
              lastGood.position(),
              hysteresis.failures() + " probe failure(s) in a row: " + failure,
              lastGood.probedAtNanos());
    }
    node.stats().publish(health, change == Hysteresis.Change.EJECTED);
    if (change == Hysteresis.Change.EJECTED) {
      LOG.debug(
          "Ejected node {} after {} failed probe(s): {}", node, hysteresis.failures(), failure);
    } else if (change == Hysteresis.Change.READMITTED) {
      LOG.debug(
          "Readmitted node {} after {} successful probes (lag {} ms)",
          node,
          hysteresis.successes(),
          health.lagMillis());
    }
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      Properties properties = new Properties();
      if (node.spec().user() != null) {
        properties.setProperty("user", node.spec().user());
      }
      if (node.spec().password() != null) {
        properties.setProperty("password", node.spec().password());
      }
      replication.timeouts(properties, settings.timeout());
      Connection opened = DriverManager.getConnection(node.spec().url(), properties);
      try {
        opened.setNetworkTimeout(DIRECT, (int) settings.timeout().toMillis());
      } catch (SQLFeatureNotSupportedException ignored) {
        // The driver's socket timeout property bounds reads instead.
      }
      connection = opened;
    }
    return connection;
  }

  private int timeoutSeconds() {
    return (int) Math.max(1, (settings.timeout().toMillis() + 999) / 1000);
  }

  void closeConnection() {
    Connection c = connection;
    connection = null;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // Closing a probe connection to a node that failed: nothing to do about it.
      }
    }
  }

  /**
   * The failure without the driver's stack: its message and SQLState, never a password (a driver
   * may quote the node's URL: "No suitable driver found for jdbc:...").
   */
  private static String describe(Exception e) {
    String message =
        e.getMessage() == null ? e.getClass().getSimpleName() : SecretMask.text(e.getMessage());
    if (e instanceof SQLException sql && sql.getSQLState() != null) {
      message += " (SQLState " + sql.getSQLState() + ")";
    }
    return message;
  }
}
