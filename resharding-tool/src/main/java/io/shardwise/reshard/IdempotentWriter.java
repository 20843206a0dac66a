package io.shardwise.reshard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes rows to one target table with multi-row inserts that skip rows already there, and commits:
 * a batch redone after a crash changes nothing. Columns are matched by name, so the target's
 * physical column order may differ from the source's.
 */
final class IdempotentWriter implements AutoCloseable {

  /** Bind parameters per statement: under PostgreSQL's limit of 32,767. */
  private static final int MAX_PARAMETERS = 30_000;

  private final Connection connection;
  private final CopyDialect dialect;
  private final TableShape target;
  private final int[] sourceIndexOfTargetColumn;
  private final int rowsPerStatement;
  private final PgCopyStage pgStage; // PostgreSQL only
  private PreparedStatement full;

  IdempotentWriter(Connection connection, CopyDialect dialect, TableShape source, TableShape target)
      throws SQLException {
    this.connection = connection;
    this.dialect = dialect;
    this.target = target;
    this.sourceIndexOfTargetColumn = new int[target.columns().size()];
    for (int i = 0; i < sourceIndexOfTargetColumn.length; i++) {
      sourceIndexOfTargetColumn[i] = source.columnIndex(target.columns().get(i));
    }
    if (source.columns().size() != target.columns().size()) {
      throw new ReshardException(
          "Table "
              + target.name()
              + " has columns "
              + source.columns()
              + " on the source but "
              + target.columns()
              + " on the target; give both shards the same schema.");
    }
    this.rowsPerStatement = Math.max(1, MAX_PARAMETERS / target.columns().size());
    connection.setAutoCommit(false);
    this.pgStage =
        dialect == CopyDialect.POSTGRESQL
            ? new PgCopyStage(connection, dialect, source, target)
            : null;
  }

  /**
   * Writes {@code rows} (in the source's column order) and commits. {@code copyLines}, if not null,
   * are the same rows as PostgreSQL COPY text in the source's column order, which a PostgreSQL
   * target takes as they are.
   */
  void write(List<Object[]> rows, List<byte[]> copyLines) throws SQLException {
    if (pgStage != null) {
      pgStage.write(rows, copyLines);
      dialect.commitDurably(connection);
      return;
    }
    for (int from = 0; from < rows.size(); from += rowsPerStatement) {
      List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + rowsPerStatement));
      if (chunk.size() == rowsPerStatement) {
        if (full == null) {
          full = prepare(rowsPerStatement);
        }
        bindAndRun(full, chunk);
      } else {
        try (PreparedStatement partial = prepare(chunk.size())) {
          bindAndRun(partial, chunk);
        }
      }
    }
    dialect.commitDurably(connection);
  }

  private PreparedStatement prepare(int rows) throws SQLException {
    return connection.prepareStatement(
        dialect.idempotentInsert(target.name(), target.columns(), target.primaryKey(), rows));
  }

  private void bindAndRun(PreparedStatement statement, List<Object[]> rows) throws SQLException {
    int parameter = 1;
    for (Object[] row : rows) {
      for (int sourceIndex : sourceIndexOfTargetColumn) {
        statement.setObject(parameter++, row[sourceIndex]);
      }
    }
    statement.executeUpdate();
  }

  @Override
  public void close() throws SQLException {
    if (full != null) {
      full.close();
    }
  }
}
