package io.shardwise.driver.jdbc;

import io.shardwise.driver.RouteTrace;
import io.shardwise.driver.ShardwiseConnection;
import io.shardwise.driver.node.Node;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A logical connection: what the application holds. It owns no physical connection until a
 * statement needs one; in autocommit mode it gives that connection back after the statement, so an
 * application's own pool over shardwise stays cheap. While autocommit is off it keeps one physical
 * connection per shard touched, chosen once, until commit or rollback.
 *
 * <p>A JDBC facade over three pieces: the router decides where each statement goes ({@link
 * #route}); {@link NodeChooser} picks the node and opens the connection (replica choice, causal
 * reads, a retry's avoidance); {@link HeldConnections} owns what is kept between statements (the
 * transaction's and the pinned session's connections).
 *
 * <p>It is meant for one thread at a time, but stays consistent when shared (see docs/lifecycle.md,
 * "Threads"): statements register in {@link OpenStatements}; held connections are taken, ended and
 * given back under {@link HeldConnections}' lock, never taken in autocommit mode; {@link #close}
 * and {@link #abort} run once, from any thread, at any moment.
 */
public final class LogicalConnection implements ShardwiseConnection, SessionState {

  private static final Logger LOG = LoggerFactory.getLogger(LogicalConnection.class);

  private final ShardwiseRuntime runtime;
  private final ShardwiseUrl url;
  private final HeldConnections held = new HeldConnections();
  private final PhysicalSettings settings = new PhysicalSettings();
  private final NodeChooser chooser;

  private final OpenStatements statements = new OpenStatements();
  private volatile boolean autoCommit = true;
  private boolean forcePrimary;
  private int holdability = ResultSet.HOLD_CURSORS_OVER_COMMIT;
  // Created on first use: a pool borrows and returns logical connections that never touch them.
  private Map<String, Class<?>> typeMap;
  private Properties clientInfo;

  private final CausalReads causal;

  /** The statement being run writes: its commit's position is recorded for read-your-writes. */
  private boolean writing;

  private boolean pinNext;
  private boolean sqlTransaction;
  private boolean readOnlyBeforeSqlTransaction;
  private String lastShard;

  private String lastSql;
  private RoutePlan lastPlan;
  // Every thread sharing the connection writes it: a plain ArrayList, corrupted by concurrent
  // adds, threw from lease() after the borrow, which leaked the borrowed physical connection.
  private final List<String> lastNodes = new CopyOnWriteArrayList<>();

  public LogicalConnection(ShardwiseRuntime runtime, ShardwiseUrl url) {
    this.runtime = runtime;
    this.url = url;
    this.forcePrimary = url.forcePrimary();
    this.causal = new CausalReads(runtime);
    this.chooser = new NodeChooser(runtime, causal, settings);
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
        && !held.isPinned()
        && plan.role() == NodeRole.REPLICA
        && NodeErrors.isConnectionLoss(e);
  }

  /** As {@link #lease(String, NodeRole)}, but not on {@code avoid}, which just failed. */
  Lease lease(String shard, NodeRole role, Node avoid) throws SQLException {
    checkOpen();
    lastShard = shard;
    Lease lease;
    if (pinNext || held.isPinned()) {
      lease = held.pinned(shard, !autoCommit, chooser);
    } else if (!autoCommit) {
      lease = held.transaction(shard, role, writing, chooser);
    } else {
      lease = chooser.forStatement(shard, role, avoid);
    }
    try {
      if (avoid != null) {
        lastNodes.remove(avoid.id()); // the trace names the node that served the retry
      }
      lastNodes.add(lease.node().id());
    } catch (RuntimeException | Error e) {
      // Nothing holds the lease yet: give a borrowed connection back before failing.
      try {
        release(lease);
      } catch (SQLException | RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    return lease;
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
      runtime.pools().giveBack(lease.node(), lease.connection());
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
      return held.stillHeld(shard, lease);
    }
    return autoCommit && !held.isPinned();
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
    return held.isPinned();
  }

  @Override
  public String previousShard() {
    String shard = lastShard;
    return shard != null && held.holds(shard) ? shard : null;
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
        if (held.transactionStarted()) {
          throw new RoutingException(
              ErrorCode.INVALID_TRANSACTION_STATE,
              "A transaction is already in progress; commit or roll it back first.");
        }
        readOnlyBeforeSqlTransaction = settings.readOnly;
        settings.readOnly = action == TransactionAction.BEGIN_READ_ONLY || settings.readOnly;
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
    if (held.transactionStarted()) {
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
    if (!held.isClosed() && !held.transactionStarted()) {
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
    held.unpin(runtime.pools());
    pinNext = false;
  }

  @Override
  public boolean readOnly() {
    return settings.readOnly;
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
   * Commits or rolls back every shard's transaction (see {@link HeldConnections#end}); a
   * transaction begun as SQL also ends its autocommit-off and read-only settings.
   */
  private void endTransaction(boolean commit) throws SQLException {
    try {
      held.end(commit, causal::written, this::closeStatementResults);
    } finally {
      if (sqlTransaction) {
        sqlTransaction = false;
        autoCommit = true;
        settings.readOnly = readOnlyBeforeSqlTransaction;
      }
    }
  }

  private void closeStatementResults() throws SQLException {
    for (LogicalStatement statement : statements.snapshot()) {
      statement.endOfTransaction();
    }
  }

  @Override
  public void setReadOnly(boolean readOnly) throws SQLException {
    checkOpen();
    if (held.transactionStarted()) {
      throw new RoutingException(
          ErrorCode.INVALID_TRANSACTION_STATE,
          "setReadOnly cannot be called inside a transaction that has already run statements;"
              + " commit or roll back first.");
    }
    settings.readOnly = readOnly;
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    checkOpen();
    return settings.readOnly;
  }

  @Override
  public void setTransactionIsolation(int level) throws SQLException {
    checkOpen();
    if (held.transactionStarted()) {
      throw new RoutingException(
          ErrorCode.INVALID_TRANSACTION_STATE,
          "The isolation level cannot change inside a transaction that has already run"
              + " statements; commit or roll back first.");
    }
    settings.isolation = level;
  }

  @Override
  public int getTransactionIsolation() throws SQLException {
    checkOpen();
    int isolation = settings.isolation;
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
    if (!held.markClosed()) {
      return;
    }
    SQLException failure = null;
    try {
      statements.closeAll();
    } catch (SQLException e) {
      failure = e;
    }
    try {
      held.release(runtime.pools()); // an unfinished transaction is rolled back, never committed
    } catch (SQLException e) {
      failure = addTo(failure, e);
    } finally {
      pinNext = false;
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
    return held.isClosed();
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
    if (held.isClosed() || runtime.isClosed()) {
      return false;
    }
    for (Lease lease : held.all()) {
      if (!lease.connection().isValid(timeout)) {
        return false;
      }
    }
    return true;
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
    if (!held.markClosed()) {
      return;
    }
    List<Lease> evicted = held.abandon();
    for (LogicalStatement statement : statements.snapshot()) {
      evicted.addAll(statement.abandonBatch());
    }
    executor.execute(
        () -> {
          for (Lease lease : evicted) {
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
    if (held.isClosed()) {
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
    Lease kept = held.onPrimary(shard);
    if (kept != null) {
      return call.apply(kept.connection().getMetaData());
    }
    Node node = runtime.shard(shard).primary();
    try (Connection physical = chooser.open(node)) {
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
    settings.networkTimeout(executor, milliseconds);
    for (Lease lease : held.all()) {
      lease.connection().setNetworkTimeout(executor, milliseconds);
    }
  }

  @Override
  public int getNetworkTimeout() throws SQLException {
    checkOpen();
    return settings.networkTimeout();
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

  @Override
  public String toString() {
    return "shardwise connection to " + runtime.source() + (held.isClosed() ? " (closed)" : "");
  }
}
