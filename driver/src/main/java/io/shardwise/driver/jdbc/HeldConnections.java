package io.shardwise.driver.jdbc;

import io.shardwise.driver.node.NodePools;
import io.shardwise.router.error.ErrorCode;
import io.shardwise.router.error.RoutingException;
import io.shardwise.router.route.NodeRole;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The physical connections a logical connection keeps between statements: the open transaction's,
 * one per shard, chosen on the shard's first statement and kept until commit or rollback; and a
 * pinned session's, the primaries' connections that hold session state, kept until reset or close.
 *
 * <p>Safe when the logical connection is shared by threads: every change happens under one monitor,
 * which a statement in autocommit mode never takes. Once {@link #markClosed} has run, nothing more
 * is taken (08003), and what was held has been handed back exactly once.
 */
final class HeldConnections {

  private final Object lock = new Object();
  // Empty and immutable until the first take: a logical connection borrowed for autocommit
  // statements allocates no map (an application's pool borrows one per request).
  private Map<String, Lease> transaction = Map.of();
  private Map<String, Lease> pinned = Map.of();
  private Set<String> written = Set.of();
  // Written under the lock, read without it: a statement in autocommit mode never takes the lock.
  private volatile boolean closed;
  private volatile boolean pinnedAny;
  private volatile boolean transactionAny;

  /**
   * The transaction's connection to {@code shard}: on the shard's first statement, one that {@code
   * source} picks for {@code role} and opens, its autocommit turned off. A statement that needs the
   * primary cannot join a read-only transaction already running on a replica.
   */
  Lease transaction(String shard, NodeRole role, boolean writes, LeaseSource source)
      throws SQLException {
    synchronized (lock) {
      checkOpen();
      if (writes) {
        if (written.isEmpty()) {
          written = new HashSet<>(4);
        }
        written.add(shard);
      }
      Lease held = transaction.get(shard);
      if (held == null) {
        Lease chosen = source.forTransaction(shard, role);
        held = new Lease(chosen.node(), chosen.connection(), true);
        try {
          held.connection().setAutoCommit(false);
        } catch (SQLException e) {
          TransactionEnd.closeQuietly(held.connection(), e);
          throw NodeErrors.wrap(e, held.node());
        }
        if (transaction.isEmpty()) {
          transaction = new LinkedHashMap<>(4);
        }
        transaction.put(shard, held);
        transactionAny = true;
      } else if (role == NodeRole.PRIMARY && held.node().role() == NodeRole.REPLICA) {
        throw new RoutingException(
            ErrorCode.READ_ONLY_TRANSACTION,
            "This read-only transaction runs on "
                + held.node().id()
                + "; a statement that needs the primary cannot join it. Commit first, or call"
                + " setReadOnly(false) before the transaction starts.");
      }
      return held;
    }
  }

  /**
   * The pinned session's connection to {@code shard}'s primary (the transaction's, when that is the
   * primary's); inside a transaction it joins it.
   */
  Lease pinned(String shard, boolean inTransaction, LeaseSource source) throws SQLException {
    synchronized (lock) {
      checkOpen();
      Lease held = pinned.get(shard);
      if (held == null) {
        Lease open = transaction.get(shard);
        if (open != null && open.node().role() == NodeRole.PRIMARY) {
          held = open;
        } else {
          Lease primary = source.primary(shard);
          held = new Lease(primary.node(), primary.connection(), true);
        }
        if (pinned.isEmpty()) {
          pinned = new LinkedHashMap<>(4);
        }
        pinned.put(shard, held);
        pinnedAny = true;
      }
      if (inTransaction) {
        if (held.connection().getAutoCommit()) {
          held.connection().setAutoCommit(false);
        }
        if (transaction.isEmpty()) {
          transaction = new LinkedHashMap<>(4);
        }
        transaction.putIfAbsent(shard, held);
        transactionAny = true;
      }
      return held;
    }
  }

  /**
   * Commits or rolls back the transaction on every shard it touched (see {@link TransactionEnd});
   * {@code before} runs first, under the same lock, so no statement takes a connection meanwhile.
   */
  void end(boolean commit, TransactionEnd.Written written, TransactionEnd.Before before)
      throws SQLException {
    synchronized (lock) {
      before.run();
      try {
        TransactionEnd.end(transaction.values(), pinned, this.written, commit, written);
      } finally {
        transaction = Map.of();
        transactionAny = false;
        this.written = Set.of();
      }
    }
  }

  /** Ends the pinned session: its connections are evicted, never pooled again (their state). */
  void unpin(NodePools pools) {
    synchronized (lock) {
      for (Lease lease : pinned.values()) {
        pools.evict(lease.node(), lease.connection());
      }
      pinned = Map.of();
      pinnedAny = false;
    }
  }

  /** Marks the owner closed, once (false if it was): every later take fails with 08003. */
  boolean markClosed() {
    synchronized (lock) {
      if (closed) {
        return false;
      }
      closed = true;
      return true;
    }
  }

  /** After {@link #markClosed}: rolls back an open transaction, never commits it; ends the pin. */
  void release(NodePools pools) throws SQLException {
    synchronized (lock) {
      try {
        if (!transaction.isEmpty()) {
          end(false, (node, connection) -> {}, () -> {});
        }
      } finally {
        unpin(pools);
      }
    }
  }

  /** After {@link #markClosed}: hands over every held connection for the caller to evict, once. */
  List<Lease> abandon() {
    synchronized (lock) {
      List<Lease> held = all();
      transaction = Map.of();
      pinned = Map.of();
      written = Set.of();
      transactionAny = false;
      pinnedAny = false;
      return held;
    }
  }

  boolean isClosed() {
    return closed;
  }

  /** Whether the transaction has run a statement (holds a connection); takes no lock. */
  boolean transactionStarted() {
    return transactionAny;
  }

  /** Whether a pinned session holds connections; takes no lock. */
  boolean isPinned() {
    return pinnedAny;
  }

  /** Whether a connection to {@code shard} is held (by the transaction or the pinned session). */
  boolean holds(String shard) {
    synchronized (lock) {
      return transaction.containsKey(shard) || pinned.containsKey(shard);
    }
  }

  /** Whether {@code lease} is still the transaction's or pinned session's connection to shard. */
  boolean stillHeld(String shard, Lease lease) {
    synchronized (lock) {
      return transaction.get(shard) == lease || pinned.get(shard) == lease;
    }
  }

  /** The held connection to {@code shard}'s primary, or null. */
  Lease onPrimary(String shard) {
    synchronized (lock) {
      Lease held = pinned.get(shard);
      if (held == null) {
        Lease open = transaction.get(shard);
        if (open != null && open.node().role() == NodeRole.PRIMARY) {
          held = open;
        }
      }
      return held;
    }
  }

  /** Every held connection, each once (a list the caller may change). */
  List<Lease> all() {
    synchronized (lock) {
      Set<Lease> held = new LinkedHashSet<>(transaction.values());
      held.addAll(pinned.values());
      return new ArrayList<>(held);
    }
  }

  private void checkOpen() throws SQLException {
    if (closed) {
      throw new SQLException("The connection is closed.", "08003");
    }
  }
}
