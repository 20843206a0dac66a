package io.shardwise.reshard;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * PostgreSQL's fast idempotent write: the batch is streamed with {@code COPY} (text format) into a
 * session temp table shaped like the target, then moved with {@code INSERT … SELECT … ON CONFLICT
 * DO NOTHING}. COPY alone cannot skip existing keys, and a multi-row INSERT spends its time binding
 * parameters; the temp table empties itself at commit.
 */
final class PgCopyStage {

  private final Connection connection;
  private final CopyManager copy;
  private final String copySql;
  private final String moveSql;

  PgCopyStage(Connection connection, Dialect dialect, TableShape target) throws SQLException {
    this.connection = connection;
    this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
    String stage = dialect.quote("shardwise_stage_" + target.name());
    String columns = dialect.quoteAll(target.columns());
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TEMP TABLE IF NOT EXISTS "
              + stage
              + " (LIKE "
              + dialect.quote(target.name())
              + " INCLUDING DEFAULTS) ON COMMIT DELETE ROWS");
    }
    this.copySql = "COPY " + stage + " (" + columns + ") FROM STDIN";
    this.moveSql =
        "INSERT INTO "
            + dialect.quote(target.name())
            + " ("
            + columns
            + ") SELECT "
            + columns
            + " FROM "
            + stage
            + " ON CONFLICT DO NOTHING";
  }

  /** Stages and moves {@code rows}; the caller commits. */
  void write(List<Object[]> rows, int[] sourceIndexOfTargetColumn) throws SQLException {
    StringBuilder text = new StringBuilder(rows.size() * 64);
    for (Object[] row : rows) {
      for (int i = 0; i < sourceIndexOfTargetColumn.length; i++) {
        text.append(i == 0 ? "" : "\t");
        appendValue(text, row[sourceIndexOfTargetColumn[i]]);
      }
      text.append('\n');
    }
    try {
      copy.copyIn(copySql, new StringReader(text.toString()));
    } catch (IOException e) {
      throw new SQLException("COPY into the stage table failed: " + e.getMessage(), "58030", e);
    }
    try (Statement statement = connection.createStatement()) {
      statement.executeUpdate(moveSql);
    }
  }

  /** One value in COPY text format: {@code \N} for NULL, backslash escapes, bytea as hex. */
  private static void appendValue(StringBuilder text, Object value) {
    if (value == null) {
      text.append("\\N");
      return;
    }
    String s;
    if (value instanceof byte[] bytes) {
      s = "\\x" + HexFormat.of().formatHex(bytes);
    } else if (value instanceof Boolean b) {
      s = b ? "t" : "f";
    } else if (value instanceof java.math.BigDecimal d) {
      s = d.toPlainString();
    } else {
      s = value.toString();
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> text.append("\\\\");
        case '\n' -> text.append("\\n");
        case '\r' -> text.append("\\r");
        case '\t' -> text.append("\\t");
        default -> text.append(c);
      }
    }
  }
}
