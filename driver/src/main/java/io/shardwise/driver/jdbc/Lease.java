package io.shardwise.driver.jdbc;

import io.shardwise.driver.node.Node;
import java.sql.Connection;

/**
 * A physical connection borrowed by a logical connection. A held lease stays with the logical
 * connection after the statement that took it: until commit or rollback for a transaction, until
 * the connection is closed or reset for a pinned session. Any other lease goes back to its pool
 * after the statement.
 */
record Lease(Node node, Connection connection, boolean held) {}
