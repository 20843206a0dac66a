package io.shardwise.driver.jdbc;

import io.shardwise.router.error.ErrorCode;
import io.shardwise.router.error.RoutingException;
import io.shardwise.router.route.AnalysedStatement;
import io.shardwise.router.route.ParameterValues;
import io.shardwise.router.route.RoutePlan;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;

/**
 * A logical prepared statement. The SQL is analysed once, when it is prepared; each execution
 * routes on the bound shard-key value, prepares the SQL on the chosen node's connection and replays
 * the bindings there.
 */
final class LogicalPreparedStatement extends LogicalStatement implements PreparedStatement {

  private final AnalysedStatement template;
  private final GeneratedKeys keys;
  private final ParameterStore parameters = new ParameterStore();
  private final PhysicalCall.Opener opener;
  // The batch's opener and binder: created at the first addBatch, as most statements never batch.
  private PhysicalCall.Opener batchOpener;
  private ShardBatch.Adder bindEntry;

  /** The batch, its entries bound on the shards' physical statements as they were added. */
  private ShardBatch batch;

  /** Entries kept from the first one the router refused at addBatch on: routed at executeBatch. */
  private List<ParameterStore> deferred;

  /** The transaction the batch's entries were bound in ended before executeBatch. */
  private boolean batchLost;

  LogicalPreparedStatement(
      LogicalConnection connection,
      ResultSetShape shape,
      AnalysedStatement template,
      GeneratedKeys keys) {
    super(connection, shape);
    this.template = template;
    this.keys = keys;
    this.opener = this::prepareAndBind;
  }

  private PhysicalCall.Opener batchOpener() {
    if (batchOpener == null) {
      batchOpener = c -> keys.prepare(c, template.sql(), shape);
    }
    return batchOpener;
  }

  private PreparedStatement prepareAndBind(Connection physicalConnection) throws SQLException {
    PreparedStatement statement = keys.prepare(physicalConnection, template.sql(), shape);
    try {
      parameters.applyTo(statement);
    } catch (SQLException | RuntimeException e) {
      statement.close();
      throw e;
    }
    return statement;
  }

  @Override
  ScatterQuery.ShardStatement shardStatement() {
    return new ScatterQuery.ShardStatement() {
      @Override
      public Statement open(Connection c, String sql, int boundParameters, int[] map)
          throws SQLException {
        PreparedStatement statement =
            c.prepareStatement(sql, shape.type(), shape.concurrency(), shape.holdability());
        try {
          if (map == null) {
            parameters.applyTo(statement, boundParameters);
          } else {
            parameters.applyTo(statement, map);
          }
        } catch (SQLException | RuntimeException e) {
          statement.close();
          throw e;
        }
        return statement;
      }

      @Override
      public ResultSet run(Statement statement, String sql) throws SQLException {
        return ((PreparedStatement) statement).executeQuery();
      }

      @Override
      public long update(Statement statement, String sql) throws SQLException {
        return ((PreparedStatement) statement).executeLargeUpdate();
      }
    };
  }

  @Override
  ParameterValues boundValues() {
    return parameters;
  }

  private RoutePlan route() throws SQLException {
    checkOpen();
    return replayable(connection.route(template, parameters), parameters);
  }

  /** A stream can be read once: a statement bound to one cannot run on several shards. */
  private static RoutePlan replayable(RoutePlan plan, ParameterStore parameters)
      throws RoutingException {
    if (plan.destination() != null
        && plan.destination().shardNames().size() > 1
        && parameters.hasStream()) {
      throw new RoutingException(
          ErrorCode.UNSUPPORTED,
          "A stream parameter (set...Stream, setClob/setBlob/setNClob with a reader or stream)"
              + " can be read only once, so the statement cannot run on every shard of "
              + plan.destination()
              + "; bind the value with setString or setBytes instead.");
    }
    return plan;
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    return query(route(), opener, s -> ((PreparedStatement) s).executeQuery());
  }

  @Override
  public int executeUpdate() throws SQLException {
    return toInt(executeLargeUpdate());
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    return update(
        route(), opener, s -> ((PreparedStatement) s).executeLargeUpdate(), keys.requested(), true);
  }

  @Override
  public boolean execute() throws SQLException {
    return execute(route(), opener, s -> ((PreparedStatement) s).execute(), keys.requested(), true);
  }

  /**
   * Routes the entry now and binds it straight onto its shard's physical statement (opened on the
   * shard's first entry), as the database's own driver would bind it: the entry is bound once. An
   * entry the router refuses is kept instead, with every later one, and routed again by {@code
   * executeBatch}, which then throws the router's error as it would have without a batch. A failure
   * of the physical driver clears the batch and gives its connections back.
   */
  @Override
  public void addBatch() throws SQLException {
    checkOpen();
    if (deferred == null) {
      RoutePlan plan;
      try {
        plan = ShardBatch.unsplit(route());
      } catch (RoutingException refused) {
        plan = null;
      }
      if (plan != null) {
        if (batch == null) {
          batch = new ShardBatch(connection, batchOpener());
        }
        try {
          if (bindEntry == null) {
            bindEntry = bind(parameters);
          }
          batch.add(plan, bindEntry);
        } catch (SQLException | RuntimeException e) {
          ShardBatch dropped = batch;
          batch = null;
          dropped.releaseAfter(e);
          throw e;
        }
        return;
      }
      deferred = new ArrayList<>();
    }
    deferred.add(parameters.copy());
  }

  @Override
  public void clearBatch() throws SQLException {
    checkOpen();
    batchLost = false;
    discardBatch();
  }

  @Override
  void discardBatch() throws SQLException {
    ShardBatch dropped = batch;
    batch = null;
    deferred = null;
    if (dropped != null) {
      dropped.release();
    }
  }

  @Override
  List<Lease> abandonBatch() {
    ShardBatch dropped = batch;
    batch = null;
    deferred = null;
    return dropped == null ? List.of() : dropped.borrowed();
  }

  /**
   * The transaction ended: the entries bound on its connections are gone with it, and {@code
   * executeBatch} says so rather than run the others alone.
   */
  @Override
  void endOfTransaction() throws SQLException {
    try {
      super.endOfTransaction();
    } finally {
      if (batch != null && batch.holdsTransaction()) {
        batchLost = true;
        discardBatch();
      }
    }
  }

  @Override
  long[] runBatch(boolean large) throws SQLException {
    checkOpen();
    finishExecution();
    ShardBatch shards = batch;
    List<ParameterStore> entries = deferred;
    boolean lost = batchLost;
    batch = null;
    deferred = null;
    batchLost = false;
    if (shards == null) {
      if (entries == null && !lost) {
        return new long[0];
      }
      shards = new ShardBatch(connection, batchOpener());
    }
    try {
      if (lost || !shards.current()) {
        throw lostBatch();
      }
      if (entries != null) {
        addDeferred(shards, entries);
      }
    } catch (SQLException | RuntimeException e) {
      shards.releaseAfter(e);
      throw e;
    }
    return shards.execute(options(), large);
  }

  /** Routes the entries kept at addBatch, as they were bound then, and adds them to the batch. */
  private void addDeferred(ShardBatch shards, List<ParameterStore> entries) throws SQLException {
    List<RoutePlan> plans = new ArrayList<>(entries.size());
    for (ParameterStore entry : entries) {
      plans.add(ShardBatch.unsplit(replayable(connection.route(template, entry), entry)));
    }
    shards.addAll(plans, i -> bind(entries.get(i)));
  }

  /** Binds {@code entry} on a shard's physical statement and adds it to that statement's batch. */
  private static ShardBatch.Adder bind(ParameterStore entry) {
    return statement -> {
      PreparedStatement prepared = (PreparedStatement) statement;
      // The physical statement still holds the shard's previous entry. If this one leaves a
      // parameter unset (after clearParameters), the statement is cleared first, so that the
      // engine's driver refuses it as it would without shardwise instead of silently reusing the
      // previous entry's value. Not otherwise: clearing costs H2 a tenth of a batch entry.
      if (!entry.overwritesEarlierBindings()) {
        prepared.clearParameters();
      }
      entry.applyTo(prepared);
      prepared.addBatch();
    };
  }

  private static RoutingException lostBatch() {
    return new RoutingException(
        ErrorCode.INVALID_TRANSACTION_STATE,
        "The batch was not executed: its entries were bound on the connections of the"
            + " transaction or session in force when they were added, which has since ended or"
            + " changed (commit, rollback, setAutoCommit, BEGIN, resetSession). Call executeBatch"
            + " before ending the transaction, then add the entries again.");
  }

  @Override
  public void clearParameters() throws SQLException {
    checkOpen();
    parameters.clear();
  }

  /** Unknown before execution: the SQL is prepared on a node only when it runs. */
  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    checkOpen();
    return null;
  }

  @Override
  public ParameterMetaData getParameterMetaData() throws SQLException {
    throw LogicalConnection.unsupported("getParameterMetaData");
  }

  // A prepared statement runs its own SQL; JDBC forbids passing other SQL to it.

  @Override
  public ResultSet executeQuery(String sql) throws SQLException {
    throw sqlOnPrepared();
  }

  @Override
  public int executeUpdate(String sql) throws SQLException {
    throw sqlOnPrepared();
  }

  @Override
  public boolean execute(String sql) throws SQLException {
    throw sqlOnPrepared();
  }

  @Override
  public void addBatch(String sql) throws SQLException {
    throw sqlOnPrepared();
  }

  @Override
  public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    throw sqlOnPrepared();
  }

  @Override
  public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
    throw sqlOnPrepared();
  }

  @Override
  public int executeUpdate(String sql, String[] columnNames) throws SQLException {
    throw sqlOnPrepared();
  }

  @Override
  public long executeLargeUpdate(String sql) throws SQLException {
    throw sqlOnPrepared();
  }

  @Override
  public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    throw sqlOnPrepared();
  }

  @Override
  public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
    throw sqlOnPrepared();
  }

  @Override
  public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
    throw sqlOnPrepared();
  }

  @Override
  public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
    throw sqlOnPrepared();
  }

  @Override
  public boolean execute(String sql, int[] columnIndexes) throws SQLException {
    throw sqlOnPrepared();
  }

  @Override
  public boolean execute(String sql, String[] columnNames) throws SQLException {
    throw sqlOnPrepared();
  }

  private static SQLException sqlOnPrepared() {
    return new RoutingException(
        ErrorCode.INVALID_USE,
        "A PreparedStatement runs the SQL it was prepared with; use Statement for other SQL.");
  }

  private void bind(int index, byte kind, Object value, int sqlType) throws SQLException {
    checkOpen();
    parameters.set(index, kind, value, sqlType);
  }

  private void bindCustom(int index, Object value, ParameterStore.Binder binder)
      throws SQLException {
    checkOpen();
    parameters.custom(index, value, binder);
  }

  private void bindStream(int index, Object value, ParameterStore.Binder binder)
      throws SQLException {
    checkOpen();
    parameters.stream(index, value, binder);
  }

  // ---- setters -----------------------------------------------------------------------------

  @Override
  public void setBytes(int parameterIndex, byte[] x) throws SQLException {
    bind(parameterIndex, x == null ? ParameterStore.NULL : ParameterStore.BYTES, x, Types.NULL);
  }

  @Override
  public void setNull(int parameterIndex, int sqlType) throws SQLException {
    bind(parameterIndex, ParameterStore.NULL, null, sqlType);
  }

  @Override
  public void setBoolean(int parameterIndex, boolean x) throws SQLException {
    bind(parameterIndex, ParameterStore.BOOLEAN, x, 0);
  }

  @Override
  public void setByte(int parameterIndex, byte x) throws SQLException {
    bind(parameterIndex, ParameterStore.BYTE, x, 0);
  }

  @Override
  public void setShort(int parameterIndex, short x) throws SQLException {
    bind(parameterIndex, ParameterStore.SHORT, x, 0);
  }

  @Override
  public void setInt(int parameterIndex, int x) throws SQLException {
    bind(parameterIndex, ParameterStore.INT, x, 0);
  }

  @Override
  public void setLong(int parameterIndex, long x) throws SQLException {
    bind(parameterIndex, ParameterStore.LONG, x, 0);
  }

  @Override
  public void setFloat(int parameterIndex, float x) throws SQLException {
    bind(parameterIndex, ParameterStore.FLOAT, x, 0);
  }

  @Override
  public void setDouble(int parameterIndex, double x) throws SQLException {
    bind(parameterIndex, ParameterStore.DOUBLE, x, 0);
  }

  @Override
  public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
    bind(
        parameterIndex,
        x == null ? ParameterStore.NULL : ParameterStore.BIG_DECIMAL,
        x,
        Types.NULL);
  }

  @Override
  public void setString(int parameterIndex, String x) throws SQLException {
    bind(parameterIndex, x == null ? ParameterStore.NULL : ParameterStore.STRING, x, Types.NULL);
  }

  @Override
  public void setDate(int parameterIndex, java.sql.Date x) throws SQLException {
    bind(parameterIndex, x == null ? ParameterStore.NULL : ParameterStore.DATE, x, Types.NULL);
  }

  @Override
  public void setTime(int parameterIndex, java.sql.Time x) throws SQLException {
    bind(parameterIndex, x == null ? ParameterStore.NULL : ParameterStore.TIME, x, Types.NULL);
  }

  @Override
  public void setTimestamp(int parameterIndex, java.sql.Timestamp x) throws SQLException {
    bind(parameterIndex, x == null ? ParameterStore.NULL : ParameterStore.TIMESTAMP, x, Types.NULL);
  }

  @Override
  public void setAsciiStream(int parameterIndex, java.io.InputStream x, int length)
      throws SQLException {
    bindStream(parameterIndex, x, (s, i) -> s.setAsciiStream(i, x, length));
  }

  @Deprecated
  @Override
  @SuppressWarnings("deprecation")
  public void setUnicodeStream(int parameterIndex, java.io.InputStream x, int length)
      throws SQLException {
    bindStream(parameterIndex, x, (s, i) -> s.setUnicodeStream(i, x, length));
  }

  @Override
  public void setBinaryStream(int parameterIndex, java.io.InputStream x, int length)
      throws SQLException {
    bindStream(parameterIndex, x, (s, i) -> s.setBinaryStream(i, x, length));
  }

  @Override
  public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
    bind(parameterIndex, ParameterStore.OBJECT_TYPED, x, targetSqlType);
  }

  @Override
  public void setObject(int parameterIndex, Object x) throws SQLException {
    bind(parameterIndex, x == null ? ParameterStore.NULL : ParameterStore.OBJECT, x, Types.NULL);
  }

  @Override
  public void setCharacterStream(int parameterIndex, java.io.Reader reader, int length)
      throws SQLException {
    bindStream(parameterIndex, reader, (s, i) -> s.setCharacterStream(i, reader, length));
  }

  @Override
  public void setRef(int parameterIndex, Ref x) throws SQLException {
    bindCustom(parameterIndex, x, (s, i) -> s.setRef(i, x));
  }

  @Override
  public void setBlob(int parameterIndex, Blob x) throws SQLException {
    bindCustom(parameterIndex, x, (s, i) -> s.setBlob(i, x));
  }

  @Override
  public void setClob(int parameterIndex, Clob x) throws SQLException {
    bindCustom(parameterIndex, x, (s, i) -> s.setClob(i, x));
  }

  @Override
  public void setArray(int parameterIndex, Array x) throws SQLException {
    bindCustom(parameterIndex, x, (s, i) -> s.setArray(i, x));
  }

  @Override
  public void setDate(int parameterIndex, java.sql.Date x, Calendar cal) throws SQLException {
    bindCustom(parameterIndex, x, (s, i) -> s.setDate(i, x, cal));
  }

  @Override
  public void setTime(int parameterIndex, java.sql.Time x, Calendar cal) throws SQLException {
    bindCustom(parameterIndex, x, (s, i) -> s.setTime(i, x, cal));
  }

  @Override
  public void setTimestamp(int parameterIndex, java.sql.Timestamp x, Calendar cal)
      throws SQLException {
    bindCustom(parameterIndex, x, (s, i) -> s.setTimestamp(i, x, cal));
  }

  @Override
  public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
    bindCustom(parameterIndex, null, (s, i) -> s.setNull(i, sqlType, typeName));
  }

  @Override
  public void setURL(int parameterIndex, java.net.URL x) throws SQLException {
    bindCustom(parameterIndex, x, (s, i) -> s.setURL(i, x));
  }

  @Override
  public void setRowId(int parameterIndex, RowId x) throws SQLException {
    bindCustom(parameterIndex, x, (s, i) -> s.setRowId(i, x));
  }

  @Override
  public void setNString(int parameterIndex, String value) throws SQLException {
    bindCustom(parameterIndex, value, (s, i) -> s.setNString(i, value));
  }

  @Override
  public void setNCharacterStream(int parameterIndex, Reader value, long length)
      throws SQLException {
    bindStream(parameterIndex, value, (s, i) -> s.setNCharacterStream(i, value, length));
  }

  @Override
  public void setNClob(int parameterIndex, NClob value) throws SQLException {
    bindCustom(parameterIndex, value, (s, i) -> s.setNClob(i, value));
  }

  @Override
  public void setClob(int parameterIndex, Reader reader, long length) throws SQLException {
    bindStream(parameterIndex, reader, (s, i) -> s.setClob(i, reader, length));
  }

  @Override
  public void setBlob(int parameterIndex, InputStream inputStream, long length)
      throws SQLException {
    bindStream(parameterIndex, inputStream, (s, i) -> s.setBlob(i, inputStream, length));
  }

  @Override
  public void setNClob(int parameterIndex, Reader reader, long length) throws SQLException {
    bindStream(parameterIndex, reader, (s, i) -> s.setNClob(i, reader, length));
  }

  @Override
  public void setSQLXML(int parameterIndex, SQLXML xmlObject) throws SQLException {
    bindCustom(parameterIndex, xmlObject, (s, i) -> s.setSQLXML(i, xmlObject));
  }

  @Override
  public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength)
      throws SQLException {
    bindCustom(parameterIndex, x, (s, i) -> s.setObject(i, x, targetSqlType, scaleOrLength));
  }

  @Override
  public void setAsciiStream(int parameterIndex, java.io.InputStream x, long length)
      throws SQLException {
    bindStream(parameterIndex, x, (s, i) -> s.setAsciiStream(i, x, length));
  }

  @Override
  public void setBinaryStream(int parameterIndex, java.io.InputStream x, long length)
      throws SQLException {
    bindStream(parameterIndex, x, (s, i) -> s.setBinaryStream(i, x, length));
  }

  @Override
  public void setCharacterStream(int parameterIndex, java.io.Reader reader, long length)
      throws SQLException {
    bindStream(parameterIndex, reader, (s, i) -> s.setCharacterStream(i, reader, length));
  }

  @Override
  public void setAsciiStream(int parameterIndex, java.io.InputStream x) throws SQLException {
    bindStream(parameterIndex, x, (s, i) -> s.setAsciiStream(i, x));
  }

  @Override
  public void setBinaryStream(int parameterIndex, java.io.InputStream x) throws SQLException {
    bindStream(parameterIndex, x, (s, i) -> s.setBinaryStream(i, x));
  }

  @Override
  public void setCharacterStream(int parameterIndex, java.io.Reader reader) throws SQLException {
    bindStream(parameterIndex, reader, (s, i) -> s.setCharacterStream(i, reader));
  }

  @Override
  public void setNCharacterStream(int parameterIndex, Reader value) throws SQLException {
    bindStream(parameterIndex, value, (s, i) -> s.setNCharacterStream(i, value));
  }

  @Override
  public void setClob(int parameterIndex, Reader reader) throws SQLException {
    bindStream(parameterIndex, reader, (s, i) -> s.setClob(i, reader));
  }

  @Override
  public void setBlob(int parameterIndex, InputStream inputStream) throws SQLException {
    bindStream(parameterIndex, inputStream, (s, i) -> s.setBlob(i, inputStream));
  }

  @Override
  public void setNClob(int parameterIndex, Reader reader) throws SQLException {
    bindStream(parameterIndex, reader, (s, i) -> s.setNClob(i, reader));
  }

  @Override
  public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength)
      throws SQLException {
    bindCustom(parameterIndex, x, (s, i) -> s.setObject(i, x, targetSqlType, scaleOrLength));
  }

  @Override
  public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
    bindCustom(parameterIndex, x, (s, i) -> s.setObject(i, x, targetSqlType));
  }
}
