package io.shardwise.reshard;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * PostgreSQL's fast idempotent write. A batch is first streamed with {@code COPY} (text format)
 * straight into the target table: the plain bulk path, and the usual case, since a moving row is
 * not on its new shard yet. If any of its keys is there already (the batch was committed by a run
 * that died before checkpointing it, or the target held the row before), the primary key refuses
 * the whole COPY with a unique violation; nothing is written twice. The batch is then rolled back
 * and redone through a session temp table shaped like the target and {@code INSERT … SELECT … ON
 * CONFLICT DO NOTHING}, which skips the existing keys. The temp table empties itself at commit.
 */
final class PgCopyStage {

  private static final String UNIQUE_VIOLATION = "23505";

  private final Connection connection;
  private final CopyManager copy;
  private final String directSql;
  private final String createStageSql;
  private final String copySql;
  private final String moveSql;
  private boolean stageCreated;

  PgCopyStage(Connection connection, CopyDialect dialect, TableShape source, TableShape target)
      throws SQLException {
    this.connection = connection;
    this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
    String stage = dialect.quote("shardwise_stage_" + target.name());
    // The target's column names in the source's order: COPY text arrives in that order.
    List<String> names = new ArrayList<>();
    for (String column : source.columns()) {
      names.add(target.columns().get(target.columnIndex(column)));
    }
    String columns = dialect.quoteAll(names);
    this.createStageSql =
        "CREATE TEMP TABLE IF NOT EXISTS "
            + stage
            + " (LIKE "
            + dialect.quote(target.name())
            + " INCLUDING DEFAULTS) ON COMMIT DELETE ROWS";
    this.directSql = "COPY " + dialect.quote(target.name()) + " (" + columns + ") FROM STDIN";
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

  /**
   * Writes {@code rows} in one transaction, skipping keys the target already has; the caller
   * commits. Returns whether the batch had to go through the stage table.
   */
  boolean write(List<Object[]> rows, List<byte[]> copyLines) throws SQLException {
    byte[] text = copyLines != null ? join(copyLines) : copyText(rows);
    try {
      copyIn(directSql, text);
      return false;
    } catch (SQLException e) {
      if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw e;
      }
      connection.rollback();
    }
    try (Statement statement = connection.createStatement()) {
      if (!stageCreated) {
        statement.execute(createStageSql);
        stageCreated = true;
      }
      copyIn(copySql, text);
      statement.executeUpdate(moveSql);
    }
    return true;
  }

  private void copyIn(String sql, byte[] text) throws SQLException {
    try {
      copy.copyIn(sql, new ByteArrayInputStream(text));
    } catch (IOException e) {
      throw new SQLException("COPY failed: " + e.getMessage(), "58030", e);
    }
  }

  private static byte[] join(List<byte[]> lines) {
    int length = 0;
    for (byte[] line : lines) {
      length += line.length + 1;
    }
    byte[] text = new byte[length];
    int at = 0;
    for (byte[] line : lines) {
      System.arraycopy(line, 0, text, at, line.length);
      at += line.length;
      text[at++] = '\n';
    }
    return text;
  }

  /** Rows in the source's column order as COPY text. */
  private static byte[] copyText(List<Object[]> rows) {
    StringBuilder text = new StringBuilder(rows.size() * 64);
    for (Object[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        text.append(i == 0 ? "" : "\t");
        appendValue(text, row[i]);
      }
      text.append('\n');
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
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
