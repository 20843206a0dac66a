package io.shardwise.driver.jdbc;

import io.shardwise.driver.RouteTrace;
import io.shardwise.driver.ShardwiseConnection;
import io.shardwise.driver.node.Node;
import io.shardwise.driver.replication.ReplicationPosition;
import io.shardwise.driver.runtime.ShardwiseRuntime;
import io.shardwise.driver.runtime.ShardwiseUrl;
import io.shardwise.router.error.ErrorCode;
import io.shardwise.router.error.RoutingException;
import io.shardwise.router.route.AnalysedStatement;
import io.shardwise.router.route.NodeRole;
import io.shardwise.router.route.ParameterValues;
import io.shardwise.router.route.RoutePlan;
import io.shardwise.router.route.SessionState;
import io.shardwise.router.route.SessionUse;
import io.shardwise.router.route.TransactionAction;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A logical connection: what the application holds. It owns no physical connection until a
 * statement needs one; in autocommit mode it gives that connection back after the statement, so an
 * application's own pool over shardwise stays cheap. While autocommit is off it keeps one physical
 * connection per shard touched, chosen once, until commit or rollback.
 *
 * <p>It is meant for one thread at a time, but stays consistent when shared (see docs/lifecycle.md,
 * "Threads"): statements register in {@link OpenStatements}; the physical connections of a
 * transaction or pinned session are taken, ended and given back under {@link #heldLock}'s monitor;
 * {@link #close} and {@link #abort} run once, from any thread, at any moment.
 */
public final class LogicalConnection implements ShardwiseConnection, SessionState {

  private static final Logger LOG = LoggerFactory.getLogger(LogicalConnection.class);

  private final ShardwiseRuntime runtime;
  private final ShardwiseUrl url;
  private final Map<String, Lease> transaction = new LinkedHashMap<>(4);

  /** Primaries' connections holding session state, kept until close or reset. */
  private final Map<String, Lease> pinned = new LinkedHashMap<>(4);

  /**
   * Guards {@link #transaction} and {@link #pinned}: taken only when a statement runs in a
   * transaction or pinned session, by commit, rollback and close, never in autocommit mode.
   */
  private final Object heldLock = new Object();

  private final OpenStatements statements = new OpenStatements();
  private volatile boolean closed;
  private volatile boolean autoCommit = true;
  private boolean readOnly;
  private boolean forcePrimary;
  private int isolation = -1;
  private int holdability = ResultSet.HOLD_CURSORS_OVER_COMMIT;
  // Created on first use: a pool borrows and returns logical connections that never touch them.
  private Map<String, Class<?>> typeMap;
  private Properties clientInfo;
  private int networkTimeout;
  private Executor networkTimeoutExecutor;

  private final CausalReads causal;

  /** The statement being run writes: its commit's position is recorded for read-your-writes. */
  private boolean writing;

  /** Shards this transaction wrote, whose positions are recorded at commit. */
  private final java.util.Set<String> writtenInTransaction = new java.util.HashSet<>(4);

  private boolean pinNext;
  private boolean sqlTransaction;
  private boolean readOnlyBeforeSqlTransaction;
  private String lastShard;

  private String lastSql;
  private RoutePlan lastPlan;
  private final List<String> lastNodes = new ArrayList<>(2);

  public LogicalConnection(ShardwiseRuntime runtime, ShardwiseUrl url) {
    this.runtime = runtime;
    this.url = url;
    this.forcePrimary = url.forcePrimary();
    this.causal = new CausalReads(runtime);
  }

  ShardwiseRuntime runtime() {
    return runtime;
  }

  String url() {
    return url.url();
  }

  // ---- routing and physical connections -------------------------------------------------

  AnalysedStatement analyse(String sql) throws SQLException {
    checkOpen();
    return runtime.router().prepare(Arguments.sql(sql));
  }

  /**
   * Routes one execution. Transaction control comes back as is and changes nothing here; any other
   * plan becomes the connection's last route, and its session effect and whether it writes are
   * remembered for the leases it takes.
   */
  RoutePlan route(AnalysedStatement template, ParameterValues parameters) throws SQLException {
    RoutePlan plan = runtime.router().route(template, parameters, this);
    if (plan.shape() == RoutePlan.Shape.TRANSACTION_CONTROL) {
      return plan;
    }
    pinNext = plan.session() == SessionUse.PINS;
    writing = causal.enabled() && plan.writes();
    lastSql = template.sql();
    lastPlan = plan;
    lastNodes.clear();
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "{} -> {} ({}; {})",
          template.summary(),
          plan,
          plan.placement().description(),
          plan.roleReason().description());
    }
    return plan;
  }

  /** A physical connection to the node of {@code shard} that {@code role} calls for. */
  Lease lease(String shard, NodeRole role) throws SQLException {
    return lease(shard, role, null);
  }

  /**
   * True when a read that failed on {@code failed} may run again elsewhere: it was served by a
   * replica outside any held connection (so no transaction or session state is lost), and the
   * failure was the connection's, not the statement's. Rows never reached the application: a
   * failure while reading rows is not retried.
   */
  boolean mayRetryRead(RoutePlan plan, Node failed, SQLException e) {
    return failed.role() == NodeRole.REPLICA
        && !runtime.pools().isClosed()
        && autoCommit
        && pinned.isEmpty()
        && plan.role() == NodeRole.REPLICA
        && NodeErrors.isConnectionLoss(e);
  }

  /** As {@link #lease(String, NodeRole)}, but not on {@code avoid}, which just failed. */
  Lease lease(String shard, NodeRole role, Node avoid) throws SQLException {
    checkOpen();
    lastShard = shard;
    if (pinNext || !pinned.isEmpty() || !autoCommit) {
      synchronized (heldLock) {
        checkOpen(); // close() may have ended the transaction meanwhile
        return pinNext || !pinned.isEmpty() ? pinnedLease(shard) : transactionLease(shard, role);
      }
    }
    return autocommitLease(shard, role, avoid);
  }

  private Lease transactionLease(String shard, NodeRole role) throws SQLException {
    Lease held = transaction.get(shard);
    if (writing) {
      writtenInTransaction.add(shard);
    }
    if (held == null) {
      Lease chosen = role == NodeRole.REPLICA ? causalLease(shard) : null;
      Node node = chosen != null ? chosen.node() : runtime.select(shard, role);
      held = new Lease(node, chosen != null ? chosen.connection() : open(node), true);
      try {
        held.connection().setAutoCommit(false);
      } catch (SQLException e) {
        closeQuietly(held.connection(), e);
        throw NodeErrors.wrap(e, node);
      }
      transaction.put(shard, held);
    } else if (role == NodeRole.PRIMARY && held.node().role() == NodeRole.REPLICA) {
      throw new RoutingException(
          ErrorCode.READ_ONLY_TRANSACTION,
          "This read-only transaction runs on "
              + held.node().id()
              + "; a statement that needs the primary cannot join it. Commit first, or call"
              + " setReadOnly(false) before the transaction starts.");
    }
    lastNodes.add(held.node().id());
    return held;
  }

  private Lease autocommitLease(String shard, NodeRole role, Node avoid) throws SQLException {
    if (role == NodeRole.REPLICA && avoid == null) {
      Lease causalRead = causalLease(shard);
      if (causalRead != null) {
        lastNodes.add(causalRead.node().id());
        return causalRead;
      }
    }
    Node node = runtime.select(shard, role);
    if (avoid != null && node.equals(avoid)) {
      node = runtime.select(shard, role); // the strategy moves on to another replica
      if (node.equals(avoid)) {
        node = runtime.shard(shard).primary();
      }
    }
    if (avoid != null) {
      lastNodes.remove(avoid.id()); // the trace names the node that served the retry
    }
    lastNodes.add(node.id());
    return new Lease(node, open(node), false);
  }

  /**
   * For a read of a shard this session (or, in global mode, anyone) wrote: a replica the monitor
   * knows has replayed the write; else one that says so when asked now; else the primary. Null when
   * read-your-writes puts no condition on the read.
   */
  private Lease causalLease(String shard) throws SQLException {
    ReplicationPosition mustSee = causal.mustSee(shard);
    Node primary = runtime.shard(shard).primary();
    if (causal.primaryOnly(shard)) {
      return new Lease(primary, open(primary), false);
    }
    if (mustSee == null) {
      return null;
    }
    Node known = runtime.selectReplica(shard, mustSee);
    if (known != null) {
      return new Lease(known, open(known), false);
    }
    Node candidate = runtime.selectReplica(shard, null);
    if (candidate != null) {
      Connection physical = open(candidate);
      try {
        if (runtime.awaitReplayed(candidate, physical, mustSee, java.time.Duration.ZERO)) {
          return new Lease(candidate, physical, false);
        }
      } catch (SQLException e) {
        LOG.debug(
            "Asking {} for its replay position failed; reading from the primary", candidate, e);
      }
      physical.close();
    }
    return new Lease(primary, open(primary), false);
  }

  /**
   * The primary's connection of a pinned session: session state (SET, temporary tables, user
   * variables, session locks) lives in one physical connection, so the logical connection keeps it,
   * and every later statement for that shard runs on it.
   */
  private Lease pinnedLease(String shard) throws SQLException {
    Lease held = pinned.get(shard);
    if (held == null) {
      Lease open = transaction.get(shard);
      if (open != null && open.node().role() == NodeRole.PRIMARY) {
        held = open;
      } else {
        Node primary = runtime.shard(shard).primary();
        held = new Lease(primary, open(primary), true);
      }
      pinned.put(shard, held);
    }
    if (!autoCommit) {
      if (held.connection().getAutoCommit()) {
        held.connection().setAutoCommit(false);
      }
      transaction.putIfAbsent(shard, held);
    }
    lastNodes.add(held.node().id());
    return held;
  }

  private Connection open(Node node) throws SQLException {
    Connection physical;
    try {
      physical = runtime.pools().connection(node);
    } catch (SQLException e) {
      throw new NodeUnavailableException(node, NodeErrors.unreachable(e, node));
    }
    try {
      if (readOnly && !physical.isReadOnly()) {
        physical.setReadOnly(true);
      }
      if (isolation >= 0) {
        physical.setTransactionIsolation(isolation);
      }
      if (networkTimeout > 0) {
        physical.setNetworkTimeout(networkTimeoutExecutor, networkTimeout);
      }
      return physical;
    } catch (SQLException e) {
      physical.close();
      throw NodeErrors.wrap(e, node);
    }
  }

  /** Gives a lease that is not held back to its pool. */
  void release(Lease lease) throws SQLException {
    release(lease, writing);
  }

  /**
   * As {@link #release(Lease)}, for a statement routed earlier ({@code wrote}: whether it wrote),
   * since other statements may have been routed since: a batch.
   */
  void release(Lease lease, boolean wrote) throws SQLException {
    if (lease == null) {
      return;
    }
    if (wrote && autoCommit && lease.node().role() == NodeRole.PRIMARY) {
      causal.written(lease.node(), lease.connection()); // committed: autocommit
    }
    if (!lease.held()) {
      lease.connection().close();
    }
  }

  /** The statement routed last runs on {@code lease}, taken earlier (a batch's): for the trace. */
  void servedBy(Lease lease) {
    lastNodes.add(lease.node().id());
  }

  /** Whether the statement routed last writes (read-your-writes is on and it is a write). */
  boolean writing() {
    return writing;
  }

  /**
   * Whether {@code lease}, taken for {@code shard} by a batch that is still open, is still the
   * connection a statement for the shard gets now: the same transaction's or pinned session's
   * connection; for a connection borrowed in autocommit mode, no transaction or session since.
   */
  boolean stillCurrent(String shard, Lease lease) {
    if (lease.held()) {
      return transaction.get(shard) == lease || pinned.get(shard) == lease;
    }
    return autoCommit && pinned.isEmpty();
  }

  void forget(LogicalStatement statement) {
    statements.remove(statement);
  }

  private <T extends LogicalStatement> T register(T statement) throws SQLException {
    return statements.add(statement);
  }

  // ---- the shardwise API -------------------------------------------------------------------

  @Override
  public RouteTrace lastRoute() {
    return lastPlan == null
        ? null
        : new RouteTrace(
            lastSql,
            lastPlan.destination(),
            lastPlan.role(),
            lastPlan.placement(),
            lastPlan.roleReason(),
            List.copyOf(lastNodes));
  }

  @Override
  public void setForcePrimary(boolean forcePrimary) {
    this.forcePrimary = forcePrimary;
  }

  // ---- shard hint API (owned by the SQL-routing work; a field, a setter and two getters) ----

  private String shardHint;

  @Override
  public void setShardHint(String shard) throws SQLException {
    checkOpen();
    if (shard != null && !runtime.router().shardNames().contains(shard)) {
      throw new RoutingException(
          ErrorCode.SHARD_HINT,
          "setShardHint(\""
              + shard
              + "\") names no shard of the map; its shards are "
              + runtime.router().shardNames()
              + ".");
    }
    this.shardHint = shard;
  }

  @Override
  public String getShardHint() {
    return shardHint;
  }

  @Override
  public String shardHint() {
    return shardHint;
  }

  // ---- end of shard hint API ----------------------------------------------------------------

  @Override
  public boolean isForcePrimary() {
    return forcePrimary;
  }

  @Override
  public boolean forcePrimary() {
    return forcePrimary;
  }

  @Override
  public boolean inTransaction() {
    return !autoCommit;
  }

  @Override
  public boolean pinned() {
    return !pinned.isEmpty();
  }

  @Override
  public String previousShard() {
    return lastShard != null
            && (transaction.containsKey(lastShard) || pinned.containsKey(lastShard))
        ? lastShard
        : null;
  }

  /**
   * Carries out transaction control written as SQL as the JDBC calls would: BEGIN turns autocommit
   * off (and READ ONLY makes the transaction read-only), COMMIT and ROLLBACK end it on every shard
   * it touched and turn autocommit back on.
   */
  void runTransactionStatement(TransactionAction action) throws SQLException {
    checkOpen();
    switch (action) {
      case BEGIN, BEGIN_READ_ONLY -> {
        if (!transaction.isEmpty()) {
          throw new RoutingException(
              ErrorCode.INVALID_TRANSACTION_STATE,
              "A transaction is already in progress; commit or roll it back first.");
        }
        readOnlyBeforeSqlTransaction = readOnly;
        readOnly = action == TransactionAction.BEGIN_READ_ONLY || readOnly;
        autoCommit = false;
        sqlTransaction = true;
      }
      case COMMIT, ROLLBACK -> {
        if (!autoCommit) {
          endTransaction(action == TransactionAction.COMMIT);
        }
      }
    }
  }

  /**
   * Ends a pinned session: the physical connections holding its state are closed rather than
   * returned to their pools (their state must not leak to another application thread), and the next
   * statements are routed freely again.
   */
  @Override
  public void resetSession() throws SQLException {
    checkOpen();
    if (!transaction.isEmpty()) {
      throw new RoutingException(
          ErrorCode.INVALID_TRANSACTION_STATE,
          "The session cannot be reset inside a transaction; commit or roll back first.");
    }
    unpin();
  }

  /**
   * JDBC 4.3: a pool ends a request when the application gives the connection back. Outside a
   * transaction, batches left unexecuted are dropped (the connections they borrowed go back) and a
   * pinned session ends.
   */
  @Override
  public void endRequest() throws SQLException {
    if (!closed && transaction.isEmpty()) {
      SQLException failure = null;
      for (LogicalStatement statement : statements.snapshot()) {
        try {
          statement.discardBatch(); // its borrowed connections go back with the logical one
        } catch (SQLException e) {
          failure = addTo(failure, e);
        }
      }
      unpin();
      if (failure != null) {
        throw failure;
      }
    }
  }

  private void unpin() {
    synchronized (heldLock) {
      for (Lease lease : pinned.values()) {
        runtime.pools().evict(lease.node(), lease.connection());
      }
      pinned.clear();
      pinNext = false;
    }
  }

  @Override
  public boolean readOnly() {
    return readOnly;
  }

  // ---- statements --------------------------------------------------------------------------

  @Override
  public Statement createStatement() throws SQLException {
    return createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, holdability);
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency)
      throws SQLException {
    return createStatement(resultSetType, resultSetConcurrency, holdability);
  }

  @Override
  public Statement createStatement(
      int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
    checkOpen();
    return register(
        new LogicalStatement(
            this, new ResultSetShape(resultSetType, resultSetConcurrency, resultSetHoldability)));
  }

  @Override
  public PreparedStatement prepareStatement(String sql) throws SQLException {
    return prepare(sql, ResultSetShape.DEFAULT, GeneratedKeys.NONE);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    return prepare(
        sql,
        new ResultSetShape(resultSetType, resultSetConcurrency, holdability),
        GeneratedKeys.NONE);
  }

  @Override
  public PreparedStatement prepareStatement(
      String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    return prepare(
        sql,
        new ResultSetShape(resultSetType, resultSetConcurrency, resultSetHoldability),
        GeneratedKeys.NONE);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    return prepare(sql, ResultSetShape.DEFAULT, GeneratedKeys.of(autoGeneratedKeys));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    return prepare(sql, ResultSetShape.DEFAULT, GeneratedKeys.of(columnIndexes));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    return prepare(sql, ResultSetShape.DEFAULT, GeneratedKeys.of(columnNames));
  }

  private PreparedStatement prepare(String sql, ResultSetShape shape, GeneratedKeys keys)
      throws SQLException {
    AnalysedStatement template = analyse(sql);
    return register(new LogicalPreparedStatement(this, shape, template, keys));
  }

  @Override
  public CallableStatement prepareCall(String sql) throws SQLException {
    throw unsupported("CallableStatement (stored procedure calls)");
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    throw unsupported("CallableStatement (stored procedure calls)");
  }

  @Override
  public CallableStatement prepareCall(
      String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    throw unsupported("CallableStatement (stored procedure calls)");
  }

  @Override
  public String nativeSQL(String sql) throws SQLException {
    checkOpen();
    return Arguments.sql(sql);
  }

  // ---- transactions ------------------------------------------------------------------------

  @Override
  public void setAutoCommit(boolean autoCommit) throws SQLException {
    checkOpen();
    if (autoCommit && !this.autoCommit) {
      commit(); // JDBC: switching autocommit on commits the open transaction
    }
    this.autoCommit = autoCommit;
  }

  @Override
  public boolean getAutoCommit() throws SQLException {
    checkOpen();
    return autoCommit;
  }

  @Override
  public void commit() throws SQLException {
    checkOpen();
    if (autoCommit) {
      throw new RoutingException(
          ErrorCode.INVALID_USE,
          "commit() called while autocommit is on: there is nothing to commit.");
    }
    endTransaction(true);
  }

  @Override
  public void rollback() throws SQLException {
    checkOpen();
    if (autoCommit) {
      throw new RoutingException(
          ErrorCode.INVALID_USE,
          "rollback() called while autocommit is on: there is nothing to roll back.");
    }
    endTransaction(false);
  }

  /**
   * Commits or rolls back every shard's transaction in the order the shards were touched. Shards
   * commit one after another, not atomically: when one fails after others committed, the error
   * names both sets (see docs/routing.md).
   */
  private void endTransaction(boolean commit) throws SQLException {
    synchronized (heldLock) {
      endTransactionHeld(commit);
    }
  }

  private void endTransactionHeld(boolean commit) throws SQLException {
    closeStatementResults();
    List<String> done = new ArrayList<>();
    SQLException failure = null;
    for (Lease lease : transaction.values()) {
      try {
        if (failure == null || !commit) {
          if (commit) {
            lease.connection().commit();
            if (writtenInTransaction.contains(lease.node().shard())
                && lease.node().role() == NodeRole.PRIMARY) {
              causal.written(lease.node(), lease.connection());
            }
          } else {
            lease.connection().rollback();
          }
          done.add(lease.node().id());
        } else {
          lease.connection().rollback();
        }
      } catch (SQLException e) {
        if (failure == null) {
          failure =
              commit
                  ? NodeErrors.commitFailed(e, lease.node(), done)
                  : NodeErrors.wrap(e, lease.node());
        } else {
          failure.addSuppressed(e);
        }
      } finally {
        if (pinned.containsValue(lease)) {
          restoreAutoCommit(lease, failure);
        } else {
          closeQuietly(lease.connection(), failure);
        }
      }
    }
    transaction.clear();
    writtenInTransaction.clear();
    if (sqlTransaction) {
      sqlTransaction = false;
      autoCommit = true;
      readOnly = readOnlyBeforeSqlTransaction;
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static void restoreAutoCommit(Lease lease, SQLException failure) {
    try {
      lease.connection().setAutoCommit(true);
    } catch (SQLException e) {
      if (failure != null) {
        failure.addSuppressed(e);
      }
    }
  }

  private void closeStatementResults() throws SQLException {
    for (LogicalStatement statement : statements.snapshot()) {
      statement.endOfTransaction();
    }
  }

  private static void closeQuietly(Connection connection, SQLException failure) {
    try {
      connection.close();
    } catch (SQLException e) {
      if (failure != null) {
        failure.addSuppressed(e);
      }
    }
  }

  @Override
  public void setReadOnly(boolean readOnly) throws SQLException {
    checkOpen();
    if (!transaction.isEmpty()) {
      throw new RoutingException(
          ErrorCode.INVALID_TRANSACTION_STATE,
          "setReadOnly cannot be called inside a transaction that has already run statements;"
              + " commit or roll back first.");
    }
    this.readOnly = readOnly;
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    checkOpen();
    return readOnly;
  }

  @Override
  public void setTransactionIsolation(int level) throws SQLException {
    checkOpen();
    if (!transaction.isEmpty()) {
      throw new RoutingException(
          ErrorCode.INVALID_TRANSACTION_STATE,
          "The isolation level cannot change inside a transaction that has already run"
              + " statements; commit or roll back first.");
    }
    this.isolation = level;
  }

  @Override
  public int getTransactionIsolation() throws SQLException {
    checkOpen();
    return isolation >= 0 ? isolation : runtime.defaultIsolation(this::defaultIsolationOfNodes);
  }

  /**
   * The default isolation of the default shard's primary (pools call {@code
   * getTransactionIsolation()} on every new connection: it must not keep a physical connection).
   */
  private int defaultIsolationOfNodes() throws SQLException {
    return onDefaultPrimary(DatabaseMetaData::getDefaultTransactionIsolation);
  }

  @Override
  public Savepoint setSavepoint() throws SQLException {
    throw unsupported("Savepoints");
  }

  @Override
  public Savepoint setSavepoint(String name) throws SQLException {
    throw unsupported("Savepoints");
  }

  @Override
  public void rollback(Savepoint savepoint) throws SQLException {
    throw unsupported("Savepoints");
  }

  @Override
  public void releaseSavepoint(Savepoint savepoint) throws SQLException {
    throw unsupported("Savepoints");
  }

  // ---- life cycle --------------------------------------------------------------------------

  /**
   * Closes once, from any thread: marks the connection closed (every later call, and every
   * statement leasing a physical connection from now on, fails with 08003), closes its statements
   * (their results fail with SW025 or 24000 from the next read), rolls back an unfinished
   * transaction and gives every physical connection back. A statement still running on another
   * thread fails, and its physical connection goes back when it ends.
   */
  @Override
  public void close() throws SQLException {
    synchronized (heldLock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    SQLException failure = null;
    try {
      statements.closeAll();
    } catch (SQLException e) {
      failure = e;
    }
    synchronized (heldLock) {
      try {
        if (!transaction.isEmpty()) {
          endTransactionHeld(false); // an unfinished transaction is rolled back, never committed
        }
      } catch (SQLException e) {
        failure = addTo(failure, e);
      } finally {
        unpin();
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static SQLException addTo(SQLException first, SQLException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  /**
   * What a pool's validation needs to know, without opening a physical connection: false once the
   * logical connection is closed or its runtime shut down; while it holds physical connections (a
   * transaction, a pinned session, metadata), whether those are still valid, since their state
   * would be lost with them. An idle logical connection holds none: each statement gets a validated
   * physical connection from its node's pool.
   */
  @Override
  public boolean isValid(int timeout) throws SQLException {
    if (timeout < 0) {
      throw new RoutingException(ErrorCode.INVALID_USE, "isValid timeout must be >= 0.");
    }
    if (closed || runtime.isClosed()) {
      return false;
    }
    for (Lease lease : heldLeases()) {
      if (!lease.connection().isValid(timeout)) {
        return false;
      }
    }
    return true;
  }

  /** Every physical connection this logical connection keeps between statements. */
  private List<Lease> heldLeases() {
    synchronized (heldLock) {
      if (transaction.isEmpty() && pinned.isEmpty()) {
        return List.of();
      }
      java.util.Set<Lease> held = new java.util.LinkedHashSet<>(transaction.values());
      held.addAll(pinned.values());
      return List.copyOf(held);
    }
  }

  /**
   * Closes at once without talking to a database, as pools do with a connection they give up on:
   * the connection is closed when this returns; the physical connections it keeps (transaction,
   * pinned session, those an open batch borrowed) are evicted from their pools on {@code executor},
   * never returned to them, so the servers roll back what was open. A statement running in
   * autocommit mode on another thread is not interrupted (use {@code Statement.cancel()}); its
   * physical connection goes back to its pool when it ends.
   */
  @Override
  public void abort(Executor executor) throws SQLException {
    if (executor == null) {
      throw new RoutingException(ErrorCode.INVALID_USE, "abort needs an executor.");
    }
    List<Lease> held;
    synchronized (heldLock) {
      if (closed) {
        return;
      }
      closed = true;
      held = new ArrayList<>(heldLeases());
      transaction.clear();
      pinned.clear();
    }
    for (LogicalStatement statement : statements.snapshot()) {
      held.addAll(statement.abandonBatch());
    }
    executor.execute(
        () -> {
          for (Lease lease : held) {
            runtime.pools().evict(lease.node(), lease.connection());
          }
          try {
            statements.closeAll(); // their autocommit connections go back to the pools
          } catch (SQLException e) {
            LOG.debug("Closing the statements of an aborted connection failed", e);
          }
        });
  }

  void checkOpen() throws SQLException {
    if (closed) {
      throw new SQLException("The connection is closed.", "08003");
    }
  }

  // ---- metadata and plain state ------------------------------------------------------------

  /**
   * Metadata of the logical database, answered by the default shard's primary, which holds every
   * table (sharded and broadcast tables exist on every shard). It holds no physical connection:
   * each call borrows one (see {@link #onDefaultPrimary}).
   */
  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    checkOpen();
    return new LogicalDatabaseMetaData(this);
  }

  /**
   * Runs one metadata call on the default shard's primary: on the connection this logical
   * connection already holds there (so a transaction or a pinned session sees its own uncommitted
   * DDL), else on a connection borrowed for the call and given back at once. An application that
   * keeps a {@code DatabaseMetaData} under an outer pool thus never keeps a physical connection.
   */
  <T> T onDefaultPrimary(MetaDataCall<T> call) throws SQLException {
    checkOpen();
    String shard = runtime.shardMap().defaultShard();
    Lease held = pinned.get(shard);
    if (held == null) {
      Lease open = transaction.get(shard);
      if (open != null && open.node().role() == NodeRole.PRIMARY) {
        held = open;
      }
    }
    if (held != null) {
      return call.apply(held.connection().getMetaData());
    }
    Node node = runtime.shard(shard).primary();
    try (Connection physical = open(node)) {
      return call.apply(physical.getMetaData());
    }
  }

  /**
   * Accepts only null or the current value (see {@link #getCatalog}), as pools and frameworks set
   * when they restore a connection; another catalog is refused (SW001): each node's catalog comes
   * from its URL.
   */
  @Override
  public void setCatalog(String catalog) throws SQLException {
    checkOpen();
    if (catalog != null && !catalog.equals(getCatalog())) {
      throw unsupported("setCatalog (each node's catalog comes from its URL)");
    }
  }

  @Override
  public String getCatalog() throws SQLException {
    return onDefaultPrimary(metaData -> metaData.getConnection().getCatalog());
  }

  /** As {@link #setCatalog}: only null or the current value is accepted. */
  @Override
  public void setSchema(String schema) throws SQLException {
    checkOpen();
    if (schema != null && !schema.equals(getSchema())) {
      throw unsupported(
          "setSchema (each node's schema comes from its URL: currentSchema= on PostgreSQL, the"
              + " database on MySQL/MariaDB)");
    }
  }

  @Override
  public String getSchema() throws SQLException {
    return onDefaultPrimary(metaData -> metaData.getConnection().getSchema());
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    checkOpen();
    return null;
  }

  @Override
  public void clearWarnings() throws SQLException {
    checkOpen();
  }

  @Override
  public Map<String, Class<?>> getTypeMap() throws SQLException {
    checkOpen();
    if (typeMap == null) {
      typeMap = new HashMap<>();
    }
    return typeMap;
  }

  @Override
  public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
    checkOpen();
    this.typeMap = map == null ? new HashMap<>() : map;
  }

  @Override
  public void setHoldability(int holdability) throws SQLException {
    checkOpen();
    this.holdability = holdability;
  }

  @Override
  public int getHoldability() throws SQLException {
    checkOpen();
    return holdability;
  }

  @Override
  public Clob createClob() throws SQLException {
    throw unsupported("createClob");
  }

  @Override
  public Blob createBlob() throws SQLException {
    throw unsupported("createBlob");
  }

  @Override
  public NClob createNClob() throws SQLException {
    throw unsupported("createNClob");
  }

  @Override
  public SQLXML createSQLXML() throws SQLException {
    throw unsupported("createSQLXML");
  }

  @Override
  public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
    throw unsupported("createArrayOf");
  }

  @Override
  public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
    throw unsupported("createStruct");
  }

  private Properties clientInfo() {
    if (clientInfo == null) {
      clientInfo = new Properties();
    }
    return clientInfo;
  }

  @Override
  public void setClientInfo(String name, String value) throws SQLClientInfoException {
    if (name == null) {
      throw new SQLClientInfoException(
          "setClientInfo needs a property name, got null.",
          ErrorCode.INVALID_ARGUMENT.sqlState(),
          0,
          Map.of());
    }
    if (value == null) {
      clientInfo().remove(name);
    } else {
      clientInfo().setProperty(name, value);
    }
  }

  @Override
  public void setClientInfo(Properties properties) throws SQLClientInfoException {
    clientInfo().clear();
    if (properties != null) {
      clientInfo().putAll(properties);
    }
  }

  @Override
  public String getClientInfo(String name) throws SQLException {
    return name == null ? null : clientInfo().getProperty(name);
  }

  @Override
  public Properties getClientInfo() throws SQLException {
    Properties copy = new Properties();
    copy.putAll(clientInfo());
    return copy;
  }

  /**
   * Bounds how long a statement waits on the network: applied to every physical connection this
   * logical one uses from now on (and to those it keeps), and reset by the node's pool when the
   * physical connection goes back. 0 leaves each physical connection as its pool lends it.
   */
  @Override
  public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
    checkOpen();
    if (executor == null || milliseconds < 0) {
      throw new RoutingException(
          ErrorCode.INVALID_USE,
          "setNetworkTimeout needs an executor and a timeout >= 0 (got " + milliseconds + " ms).");
    }
    this.networkTimeout = milliseconds;
    this.networkTimeoutExecutor = executor;
    for (Lease lease : heldLeases()) {
      lease.connection().setNetworkTimeout(executor, milliseconds);
    }
  }

  @Override
  public int getNetworkTimeout() throws SQLException {
    checkOpen();
    return networkTimeout;
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (Arguments.iface(iface).isInstance(this)) {
      return iface.cast(this);
    }
    throw new RoutingException(
        ErrorCode.INVALID_USE, "A shardwise connection does not wrap " + iface.getName() + ".");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return Arguments.iface(iface).isInstance(this);
  }

  @Override
  public void setShardingKey(java.sql.ShardingKey key) throws SQLException {
    throw unsupported("setShardingKey (shardwise finds the shard from the statement)");
  }

  @Override
  public void setShardingKey(java.sql.ShardingKey key, java.sql.ShardingKey superKey)
      throws SQLException {
    throw unsupported("setShardingKey (shardwise finds the shard from the statement)");
  }

  @Override
  public boolean setShardingKeyIfValid(java.sql.ShardingKey key, int timeout) throws SQLException {
    throw unsupported("setShardingKeyIfValid (shardwise finds the shard from the statement)");
  }

  @Override
  public boolean setShardingKeyIfValid(
      java.sql.ShardingKey key, java.sql.ShardingKey superKey, int timeout) throws SQLException {
    throw unsupported("setShardingKeyIfValid (shardwise finds the shard from the statement)");
  }

  static RoutingException unsupported(String what) {
    return new RoutingException(
        ErrorCode.UNSUPPORTED, what + " is not supported by shardwise yet.");
  }

  Map<String, Lease> openTransaction() {
    return Collections.unmodifiableMap(transaction);
  }

  @Override
  public String toString() {
    return "shardwise connection to " + runtime.source() + (closed ? " (closed)" : "");
  }
}
