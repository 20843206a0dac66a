package io.shardwise.driver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardwise.driver.node.Node;
import io.shardwise.driver.runtime.RuntimeRegistry;
import io.shardwise.driver.runtime.ShardwiseRuntime;
import io.shardwise.driver.runtime.ShardwiseUrl;
import io.shardwise.router.route.NodeRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which node serves a statement, on one H2 shard whose replica is a read-only login to the same
 * database: reads go to the replica, writes to the primary, a retry never returns to the node that
 * just failed, and every connection opened carries the logical connection's settings.
 */
class NodeChooserTest {

  private static ShardwiseUrl url;
  private static ShardwiseRuntime runtime;

  private final PhysicalSettings settings = new PhysicalSettings();
  private NodeChooser chooser;

  @BeforeAll
  static void shard() throws Exception {
    String h2 = "jdbc:h2:mem:chooser-" + UUID.randomUUID().toString().substring(0, 8);
    try (Connection c = DriverManager.getConnection(h2 + ";DB_CLOSE_DELAY=-1", "sa", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE USER IF NOT EXISTS replica PASSWORD 'replica'");
    }
    Path map = Files.createTempFile("shardwise-chooser-", ".yaml");
    Files.writeString(
        map,
        "version: 1\nshards:\n  - name: s1\n    primary: { url: \""
            + h2
            + ";DB_CLOSE_DELAY=-1\", user: sa, password: \"\" }\n    replicas:\n      - { url: \""
            + h2
            + "\", user: replica, password: replica }\ndefaultShard: s1\n");
    url = ShardwiseUrl.parse("jdbc:shardwise:" + map);
    runtime = RuntimeRegistry.acquire(url);
  }

  @AfterAll
  static void close() {
    RuntimeRegistry.release(url, runtime);
  }

  private NodeChooser chooser() {
    if (chooser == null) {
      chooser = new NodeChooser(runtime, new CausalReads(runtime), settings);
    }
    return chooser;
  }

  @Test
  void read_goesToAReplica_andWrite_toThePrimary() throws Exception {
    Lease read = chooser().forStatement("s1", NodeRole.REPLICA, null);
    Lease write = chooser().forStatement("s1", NodeRole.PRIMARY, null);
    try {
      assertThat(read.node().role()).isEqualTo(NodeRole.REPLICA);
      assertThat(write.node().role()).isEqualTo(NodeRole.PRIMARY);
      assertThat(read.held()).isFalse();
    } finally {
      read.connection().close();
      write.connection().close();
    }
  }

  @Test
  void retry_neverReturnsToTheNodeThatFailed_andFallsBackToThePrimary() throws Exception {
    Node failed = runtime.shard("s1").replicas().get(0);
    Lease retry = chooser().forStatement("s1", NodeRole.REPLICA, failed);
    try {
      assertThat(retry.node()).isNotEqualTo(failed);
      assertThat(retry.node().role()).isEqualTo(NodeRole.PRIMARY); // the only other node
    } finally {
      retry.connection().close();
    }
  }

  @Test
  void everyConnectionOpened_carriesTheLogicalConnectionsSettings() throws Exception {
    settings.isolation = Connection.TRANSACTION_SERIALIZABLE;
    Lease primary = chooser().primary("s1");
    try {
      assertThat(primary.connection().getTransactionIsolation())
          .isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
    } finally {
      primary.connection().close();
    }
  }
}
