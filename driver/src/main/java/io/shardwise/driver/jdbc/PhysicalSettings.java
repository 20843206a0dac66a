package io.shardwise.driver.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executor;

/**
 * What the application set on the logical connection that every physical connection it uses must
 * carry: read-only, the isolation level, the network timeout. The node pools reset them when a
 * connection goes back.
 */
final class PhysicalSettings {

  volatile boolean readOnly;
  volatile int isolation = -1;
  private volatile int networkTimeout;
  private volatile Executor networkTimeoutExecutor;

  void networkTimeout(Executor executor, int milliseconds) {
    this.networkTimeoutExecutor = executor;
    this.networkTimeout = milliseconds;
  }

  int networkTimeout() {
    return networkTimeout;
  }

  /** Applies the settings that differ from a pooled connection's defaults. */
  void applyTo(Connection physical) throws SQLException {
    if (readOnly && !physical.isReadOnly()) {
      physical.setReadOnly(true);
    }
    if (isolation >= 0) {
      physical.setTransactionIsolation(isolation);
    }
    if (networkTimeout > 0) {
      physical.setNetworkTimeout(networkTimeoutExecutor, networkTimeout);
    }
  }
}
