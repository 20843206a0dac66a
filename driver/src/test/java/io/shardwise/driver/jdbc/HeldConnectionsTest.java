package io.shardwise.driver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardwise.driver.node.Node;
import io.shardwise.router.config.NodeSpec;
import io.shardwise.router.route.NodeRole;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The transaction's and pinned session's connections, with stub physical connections that record
 * what was called on them: which are kept, in which order they end, and that under concurrent use
 * and close every one is handed back exactly once.
 */
class HeldConnectionsTest {

  /** Every call on every stub connection, as "node.method". */
  private final List<String> calls = Collections.synchronizedList(new ArrayList<>());

  private final HeldConnections held = new HeldConnections();
  private final Stubs source = new Stubs();

  @Test
  void transaction_keepsOneConnectionPerShard_untilItEnds() throws Exception {
    Lease first = held.transaction("s1", NodeRole.PRIMARY, true, source);
    assertThat(held.transaction("s1", NodeRole.PRIMARY, false, source)).isSameAs(first);
    held.transaction("s2", NodeRole.PRIMARY, false, source);
    assertThat(first.held()).isTrue();
    assertThat(source.opened).isEqualTo(2);
    assertThat(calls).contains("s1/primary.setAutoCommit", "s2/primary.setAutoCommit");
    assertThat(held.holds("s1")).isTrue();
  }

  @Test
  void commit_endsEveryShardInTheOrderTouched_andRecordsOnlyTheWrittenOnes() throws Exception {
    held.transaction("s2", NodeRole.PRIMARY, false, source);
    held.transaction("s1", NodeRole.PRIMARY, true, source);
    List<String> recorded = new ArrayList<>();
    held.end(true, (node, connection) -> recorded.add(node.id()), () -> {});
    assertThat(calls)
        .containsSubsequence(
            "s2/primary.commit", "s2/primary.close", "s1/primary.commit", "s1/primary.close");
    assertThat(recorded).containsExactly("s1/primary");
    assertThat(held.transactionStarted()).isFalse();
  }

  @Test
  void commitFailure_rollsBackTheShardsAfterIt_andNamesWhatCommitted() throws Exception {
    held.transaction("s1", NodeRole.PRIMARY, true, source);
    source.failCommitOn = "s2/primary";
    held.transaction("s2", NodeRole.PRIMARY, true, source);
    held.transaction("s3", NodeRole.PRIMARY, true, source);
    assertThatThrownBy(() -> held.end(true, (node, connection) -> {}, () -> {}))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("s1/primary")
        .hasMessageContaining("s2/primary");
    assertThat(calls).contains("s1/primary.commit", "s3/primary.rollback", "s3/primary.close");
    assertThat(calls).doesNotContain("s3/primary.commit");
  }

  @Test
  void pinnedConnection_outlivesTheTransaction_withAutocommitBack() throws Exception {
    Lease pinned = held.pinned("s1", true, source);
    assertThat(held.transaction("s1", NodeRole.PRIMARY, false, source)).isSameAs(pinned);
    held.end(false, (node, connection) -> {}, () -> {});
    assertThat(calls).contains("s1/primary.rollback").doesNotContain("s1/primary.close");
    assertThat(held.isPinned()).isTrue();
    assertThat(held.pinned("s1", false, source)).isSameAs(pinned);
  }

  @Test
  void readOnlyTransactionOnAReplica_refusesAStatementThatNeedsThePrimary() throws Exception {
    held.transaction("s1", NodeRole.REPLICA, false, source);
    assertThatThrownBy(() -> held.transaction("s1", NodeRole.PRIMARY, false, source))
        .hasFieldOrPropertyWithValue("SQLState", "25006")
        .hasMessageContaining("s1/replica");
  }

  @Test
  void close_rollsBackTheTransaction_andRefusesEveryLaterTake() throws Exception {
    held.transaction("s1", NodeRole.PRIMARY, true, source);
    assertThat(held.markClosed()).isTrue();
    assertThat(held.markClosed()).isFalse();
    held.release(null);
    assertThat(calls).contains("s1/primary.rollback", "s1/primary.close");
    assertThatThrownBy(() -> held.transaction("s2", NodeRole.PRIMARY, true, source))
        .hasFieldOrPropertyWithValue("SQLState", "08003");
    assertThat(source.opened).isEqualTo(1);
  }

  @Test
  void closeOnAnotherThread_whileThreadsTakeConnections_handsEachBackExactlyOnce()
      throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> takers = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      String shard = "s" + (t % 4 + 1);
      takers.add(
          threads.submit(
              () -> {
                start.await();
                for (int i = 0; i < 200; i++) {
                  try {
                    held.transaction(shard, NodeRole.PRIMARY, true, source);
                  } catch (SQLException closed) {
                    assertThat(closed.getSQLState()).isEqualTo("08003");
                    return null;
                  }
                }
                return null;
              }));
    }
    start.countDown();
    held.markClosed();
    held.release(null);
    for (Future<?> taker : takers) {
      taker.get(10, TimeUnit.SECONDS);
    }
    threads.shutdown();
    // Every connection opened was closed once, and none after the close was opened.
    long closes = calls.stream().filter(c -> c.endsWith(".close")).count();
    assertThat(closes).isEqualTo(source.opened);
    assertThat(held.all()).isEmpty();
  }

  @Test
  void abandon_handsOverEveryHeldConnectionOnce_andClosesWithoutTalkingToTheDatabase()
      throws Exception {
    Lease pinned = held.pinned("s1", true, source);
    Lease other = held.transaction("s2", NodeRole.PRIMARY, false, source);
    assertThat(held.markClosed()).isTrue();
    assertThat(held.abandon()).containsExactly(pinned, other);
    assertThat(held.abandon()).isEmpty();
    assertThat(calls).noneMatch(c -> c.endsWith(".rollback") || c.endsWith(".close"));
    assertThat(held.isClosed()).isTrue();
  }

  /** Opens stub connections named after their node; one of them may fail its commit. */
  private final class Stubs implements LeaseSource {
    int opened;
    String failCommitOn;

    @Override
    public synchronized Lease forTransaction(String shard, NodeRole role) {
      String id = shard + (role == NodeRole.PRIMARY ? "/primary" : "/replica-0");
      return lease(
          new Node(opened, shard, role, id, new NodeSpec("jdbc:stub:" + id, null, null, 1)));
    }

    @Override
    public Lease primary(String shard) {
      return forTransaction(shard, NodeRole.PRIMARY);
    }

    private Lease lease(Node node) {
      opened++;
      boolean failCommit = node.id().equals(failCommitOn);
      Connection connection =
          (Connection)
              Proxy.newProxyInstance(
                  Connection.class.getClassLoader(),
                  new Class<?>[] {Connection.class},
                  (proxy, method, args) -> {
                    switch (method.getName()) {
                      case "hashCode":
                        return System.identityHashCode(proxy);
                      case "equals":
                        return proxy == args[0];
                      case "toString":
                        return node.id();
                      default:
                        break;
                    }
                    calls.add(node.id() + "." + method.getName());
                    if (failCommit && method.getName().equals("commit")) {
                      throw new SQLException("commit refused", "40001");
                    }
                    return method.getName().equals("getAutoCommit") ? Boolean.TRUE : null;
                  });
      return new Lease(node, connection, false);
    }
  }
}
