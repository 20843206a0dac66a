package io.shardwise.reshard;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * PostgreSQL's fast read: {@code COPY (SELECT … WHERE pk > … ORDER BY pk) TO STDOUT}, one text line
 * per row, split at tabs and decoded only as far as asked: the primary key and shard key of every
 * row, the whole row only for rows that move. A server-side cursor read through JDBC took three to
 * four times as long for the same rows (docs/benchmarks.md). The line itself is kept, so a
 * PostgreSQL target receives it as it came. Only column types whose text form this class decodes
 * exactly as pgjdbc does are read this way ({@link #open} returns null otherwise), so the row
 * hashes copy records equal those verify computes through JDBC.
 */
final class PgCopyScan implements SourceScan {

  /** PostgreSQL type names decoded from COPY text, to the classes pgjdbc's getObject returns. */
  private static final Set<String> DECODABLE =
      Set.of(
          "int2",
          "int4",
          "int8",
          "numeric",
          "varchar",
          "text",
          "bpchar",
          "timestamp",
          "date",
          "bool",
          "float4",
          "float8");

  private final Connection connection;
  private final String[] types;
  private final int[] keyIndexes;
  private final CopyOut copyOut;
  private final int[] fieldStart;
  private final int[] fieldEnd;
  private byte[] line;
  private int lineLength;

  private PgCopyScan(Connection connection, String[] types, int[] keyIndexes, CopyOut copyOut) {
    this.connection = connection;
    this.types = types;
    this.keyIndexes = keyIndexes;
    this.copyOut = copyOut;
    this.fieldStart = new int[types.length];
    this.fieldEnd = new int[types.length];
  }

  /**
   * The scan through COPY, or null if a column type or the resume key cannot take this path (the
   * caller then reads through JDBC).
   */
  static PgCopyScan open(
      Connection connection, CopyDialect dialect, TableShape shape, Object[] afterKey)
      throws SQLException {
    String columns = dialect.quoteAll(shape.columns());
    String table = dialect.quote(shape.name());
    String[] types = new String[shape.columns().size()];
    try (PreparedStatement probe =
            connection.prepareStatement("SELECT " + columns + " FROM " + table + " WHERE 1 = 0");
        ResultSet rs = probe.executeQuery()) {
      ResultSetMetaData meta = rs.getMetaData();
      for (int i = 0; i < types.length; i++) {
        types[i] = meta.getColumnTypeName(i + 1);
        if (!DECODABLE.contains(types[i])) {
          return null;
        }
      }
    }
    String key = dialect.quoteAll(shape.primaryKey());
    StringBuilder select =
        new StringBuilder("SELECT ").append(columns).append(" FROM ").append(table);
    if (afterKey != null) {
      StringBuilder literals = new StringBuilder();
      for (Object value : afterKey) {
        String literal = literal(value);
        if (literal == null) {
          return null;
        }
        literals.append(literals.length() == 0 ? "" : ", ").append(literal);
      }
      select
          .append(afterKey.length == 1 ? " WHERE " + key + " > " : " WHERE (" + key + ") > (")
          .append(literals)
          .append(afterKey.length == 1 ? "" : ")");
    }
    select.append(" ORDER BY ").append(key);
    CopyOut copyOut =
        connection
            .unwrap(PGConnection.class)
            .getCopyAPI()
            .copyOut("COPY (" + select + ") TO STDOUT");
    return new PgCopyScan(connection, types, shape.primaryKeyIndexes(), copyOut);
  }

  /** A key value as an SQL literal (COPY takes no parameters), or null if not safely writable. */
  private static String literal(Object value) {
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof BigInteger) {
      return value.toString();
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    if (value instanceof String s && s.indexOf('\\') < 0) {
      return "'" + s.replace("'", "''") + "'";
    }
    return null;
  }

  @Override
  public boolean next() throws SQLException {
    line = copyOut.readFromCopy();
    if (line == null) {
      return false;
    }
    lineLength = line.length > 0 && line[line.length - 1] == '\n' ? line.length - 1 : line.length;
    int field = 0;
    fieldStart[0] = 0;
    for (int i = 0; i < lineLength; i++) {
      if (line[i] == '\t') {
        fieldEnd[field] = i;
        fieldStart[++field] = i + 1;
      }
    }
    fieldEnd[field] = lineLength;
    return true;
  }

  @Override
  public Object value(int columnIndex) {
    int start = fieldStart[columnIndex];
    int end = fieldEnd[columnIndex];
    if (end - start == 2 && line[start] == '\\' && line[start + 1] == 'N') {
      return null;
    }
    String text = unescape(line, start, end);
    try {
      return switch (types[columnIndex]) {
        case "int2", "int4" -> Integer.valueOf(text);
        case "int8" -> Long.valueOf(text);
        case "numeric" -> new BigDecimal(text);
        case "timestamp" -> Timestamp.valueOf(text);
        case "date" -> java.sql.Date.valueOf(text);
        case "bool" -> text.equals("t");
        case "float4" -> Float.valueOf(text);
        case "float8" -> Double.valueOf(text);
        default -> text;
      };
    } catch (IllegalArgumentException e) {
      throw new ReshardException(
          "Cannot read the " + types[columnIndex] + " value '" + text + "' from COPY output", e);
    }
  }

  @Override
  public Object[] key() {
    Object[] key = new Object[keyIndexes.length];
    for (int i = 0; i < key.length; i++) {
      key[i] = value(keyIndexes[i]);
    }
    return key;
  }

  @Override
  public Object[] row() {
    Object[] row = new Object[types.length];
    for (int i = 0; i < row.length; i++) {
      row[i] = value(i);
    }
    return row;
  }

  @Override
  public byte[] copyLine() {
    return Arrays.copyOf(line, lineLength);
  }

  /**
   * A field of COPY text as a string: the escapes COPY TO writes ({@code \\t}, {@code \\\\}, …).
   */
  private static String unescape(byte[] line, int start, int end) {
    int backslash = -1;
    for (int i = start; i < end; i++) {
      if (line[i] == '\\') {
        backslash = i;
        break;
      }
    }
    if (backslash < 0) {
      return new String(line, start, end - start, StandardCharsets.UTF_8);
    }
    byte[] out = new byte[end - start];
    int n = 0;
    for (int i = start; i < end; i++) {
      byte b = line[i];
      if (b == '\\' && i + 1 < end) {
        byte next = line[++i];
        out[n++] =
            switch (next) {
              case 'b' -> (byte) '\b';
              case 'f' -> (byte) '\f';
              case 'n' -> (byte) '\n';
              case 'r' -> (byte) '\r';
              case 't' -> (byte) '\t';
              case 'v' -> (byte) 0x0b;
              default -> next;
            };
      } else {
        out[n++] = b;
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws SQLException {
    try {
      if (copyOut.isActive()) {
        copyOut.cancelCopy();
      }
    } finally {
      if (!connection.getAutoCommit()) {
        connection.rollback();
      }
    }
  }
}
