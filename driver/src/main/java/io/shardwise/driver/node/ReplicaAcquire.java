package io.shardwise.driver.node;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.shardwise.driver.node.NodeHealth.State;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * How a read waits for a connection from a replica's pool. HikariCP keeps a borrower waiting for
 * the whole {@code connectionTimeout} however dead the node is: its connection adder fails again
 * and again while the borrower waits. A replica read has somewhere else to go, so it waits in
 * slices of {@value #SLICE_MILLIS} ms and gives up at the end of a slice when
 *
 * <ul>
 *   <li>the pool could not open a connection (HikariCP gives its last connection failure as the
 *       timeout's cause): the node refuses connections, or
 *   <li>the health monitor has ejected the node meanwhile.
 * </ul>
 *
 * A live pool that is only busy is waited for up to {@code connectionTimeout}, as HikariCP would.
 * Giving up throws a connection-class exception naming the node; the statement then retries the
 * read once on another node of the shard. So a read that picked a replica just before it died waits
 * at most one slice after the pool's first failed connection attempt, and at most one slice after
 * the ejection in any case: never the pool's {@code connectionTimeout}.
 */
final class ReplicaAcquire {

  /** The longest a read keeps waiting on a replica that has stopped accepting connections. */
  static final long SLICE_MILLIS = 250;

  private ReplicaAcquire() {}

  static Connection connection(Node node, HikariDataSource pool) throws SQLException {
    long timeout = pool.getConnectionTimeout(); // read live: a reload may change it
    if (timeout <= SLICE_MILLIS || !(pool.getHikariPoolMXBean() instanceof HikariPool hikari)) {
      return pool.getConnection();
    }
    long start = System.nanoTime();
    long waited = 0;
    while (true) {
      try {
        return hikari.getConnection(Math.min(SLICE_MILLIS, timeout - waited));
      } catch (SQLTransientConnectionException e) { // HikariCP's timeout
        waited = (System.nanoTime() - start) / 1_000_000;
        NodeHealth health = node.stats().health();
        if (health.state() == State.DOWN) {
          throw gaveUp(
              "the health monitor ejected it ("
                  + (health.reason() == null ? "probe failed" : health.reason())
                  + ") while this read waited "
                  + waited
                  + " ms for a connection",
              e);
        }
        if (e.getCause() != null) {
          throw gaveUp(
              "its pool could not open a connection within " + waited + " ms", e, e.getCause());
        }
        if (waited >= timeout) {
          throw gaveUp(
              "no connection of its pool became free within connectionTimeout (" + timeout + " ms)",
              e);
        }
      }
    }
  }

  private static SQLException gaveUp(String why, SQLTransientConnectionException timeout) {
    return gaveUp(why, timeout, timeout);
  }

  private static SQLException gaveUp(
      String why, SQLTransientConnectionException timeout, Throwable cause) {
    return new SQLTransientConnectionException(
        why, timeout.getSQLState(), timeout.getErrorCode(), cause);
  }
}
