package io.shardwise.driver.jdbc;

import io.shardwise.driver.node.Node;
import java.sql.SQLTransientConnectionException;

/** No physical connection to {@code node} could be had; says which node, for a retry elsewhere. */
final class NodeUnavailableException extends SQLTransientConnectionException {

  private final transient Node node;

  NodeUnavailableException(Node node, java.sql.SQLException cause) {
    super(cause.getMessage(), cause.getSQLState(), cause.getErrorCode(), cause.getCause());
    this.node = node;
  }

  Node node() {
    return node;
  }
}
