package io.shardwise.driver.jdbc;

import io.shardwise.driver.node.Node;
import java.sql.Connection;

/**
 * A physical connection borrowed by a logical connection. A transactional lease stays with the
 * logical connection until commit or rollback; any other goes back to its pool after the statement
 * that needed it.
 */
record Lease(Node node, Connection connection, boolean transactional) {}
