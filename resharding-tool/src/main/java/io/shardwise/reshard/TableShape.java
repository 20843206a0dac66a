package io.shardwise.reshard;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A table as one shard's database spells it: its physical name, its columns, and the primary (or
 * unique) key that orders the copy's batches and makes its writes idempotent.
 *
 * @param name the table name as the database stores it ({@code USERS} on H2, {@code users} on
 *     PostgreSQL)
 * @param columns every column, in the database's order
 * @param primaryKey the key columns, in key order
 */
record TableShape(String name, List<String> columns, List<String> primaryKey) {

  TableShape {
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
  }

  /** The index in {@link #columns} of a column named case-insensitively. */
  int columnIndex(String column) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).equalsIgnoreCase(column)) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        "Table " + name + " has no column " + column + "; its columns are " + columns);
  }

  /** Column indexes in the order of their lower-case names: the row hash's canonical order. */
  int[] canonicalOrder() {
    Map<String, Integer> byName = new TreeMap<>();
    for (int i = 0; i < columns.size(); i++) {
      byName.put(columns.get(i).toLowerCase(Locale.ROOT), i);
    }
    return byName.values().stream().mapToInt(Integer::intValue).toArray();
  }

  int[] primaryKeyIndexes() {
    return primaryKey.stream().mapToInt(this::columnIndex).toArray();
  }

  /**
   * Reads a table's shape from the database.
   *
   * @throws ReshardException if the table is missing, or has neither a primary nor a unique key
   */
  static TableShape discover(Connection connection, CopyDialect dialect, String logicalName)
      throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    String physical = physicalName(meta, connection, logicalName);
    List<String> columns = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery("SELECT * FROM " + dialect.quote(physical) + " WHERE 1 = 0")) {
      ResultSetMetaData rsMeta = rs.getMetaData();
      for (int i = 1; i <= rsMeta.getColumnCount(); i++) {
        columns.add(rsMeta.getColumnName(i));
      }
    }
    List<String> key = primaryKey(meta, connection, physical);
    if (key.isEmpty()) {
      key = uniqueKey(meta, connection, physical);
    }
    if (key.isEmpty()) {
      throw new ReshardException(
          "Table "
              + logicalName
              + " on "
              + meta.getURL()
              + " has no primary key and no unique key, so its rows cannot be copied in key order"
              + " or written idempotently. Add a primary key before resharding.");
    }
    return new TableShape(physical, columns, key);
  }

  private static String physicalName(DatabaseMetaData meta, Connection connection, String logical)
      throws SQLException {
    for (String candidate :
        List.of(logical, logical.toUpperCase(Locale.ROOT), logical.toLowerCase(Locale.ROOT))) {
      try (ResultSet rs =
          meta.getTables(connection.getCatalog(), connection.getSchema(), candidate, null)) {
        if (rs.next()) {
          return rs.getString("TABLE_NAME");
        }
      }
    }
    throw new ReshardException(
        "Table "
            + logical
            + " does not exist on "
            + meta.getURL()
            + ". Create every table of the shard map on every shard (new shards included) before"
            + " planning.");
  }

  private static List<String> primaryKey(DatabaseMetaData meta, Connection connection, String table)
      throws SQLException {
    Map<Short, String> bySequence = new TreeMap<>();
    try (ResultSet rs =
        meta.getPrimaryKeys(connection.getCatalog(), connection.getSchema(), table)) {
      while (rs.next()) {
        bySequence.put(rs.getShort("KEY_SEQ"), rs.getString("COLUMN_NAME"));
      }
    }
    return new ArrayList<>(bySequence.values());
  }

  /** The columns of the first unique index, by index name: the fallback for a table without PK. */
  private static List<String> uniqueKey(DatabaseMetaData meta, Connection connection, String table)
      throws SQLException {
    Map<String, Map<Short, String>> indexes = new TreeMap<>();
    try (ResultSet rs =
        meta.getIndexInfo(connection.getCatalog(), connection.getSchema(), table, true, false)) {
      while (rs.next()) {
        String index = rs.getString("INDEX_NAME");
        String column = rs.getString("COLUMN_NAME");
        if (index != null && column != null) {
          indexes
              .computeIfAbsent(index, i -> new TreeMap<>())
              .put(rs.getShort("ORDINAL_POSITION"), column);
        }
      }
    }
    return indexes.isEmpty()
        ? List.of()
        : new ArrayList<>(indexes.values().iterator().next().values());
  }
}
