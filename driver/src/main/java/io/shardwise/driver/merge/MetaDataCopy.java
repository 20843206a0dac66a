package io.shardwise.driver.merge;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;

/**
 * The column descriptions of a {@link BufferedResultSet}, copied while the physical result set was
 * open. Only what a driver knows without asking its server again is copied (names, types,
 * precision): nullability is unknown and no column is auto-increment, base table or writable, which
 * is true of the results of metadata calls.
 */
final class MetaDataCopy implements ResultSetMetaData {

  private record Column(
      String label,
      String name,
      int type,
      String typeName,
      String className,
      int precision,
      int scale,
      int displaySize,
      boolean signed,
      boolean caseSensitive) {}

  private final List<Column> columns;

  private MetaDataCopy(List<Column> columns) {
    this.columns = columns;
  }

  static MetaDataCopy of(ResultSetMetaData source) throws SQLException {
    Column[] columns = new Column[source.getColumnCount()];
    for (int i = 1; i <= columns.length; i++) {
      columns[i - 1] =
          new Column(
              source.getColumnLabel(i),
              source.getColumnName(i),
              source.getColumnType(i),
              source.getColumnTypeName(i),
              source.getColumnClassName(i),
              source.getPrecision(i),
              source.getScale(i),
              source.getColumnDisplaySize(i),
              source.isSigned(i),
              source.isCaseSensitive(i));
    }
    return new MetaDataCopy(List.of(columns));
  }

  /**
   * Column {@code column} (1-based); {@link MergedMetaData}, which wraps every copy, checks the
   * range.
   */
  private Column column(int column) {
    return columns.get(column - 1);
  }

  @Override
  public int getColumnCount() {
    return columns.size();
  }

  @Override
  public boolean isAutoIncrement(int column) throws SQLException {
    return false;
  }

  @Override
  public boolean isCaseSensitive(int column) throws SQLException {
    return column(column).caseSensitive();
  }

  @Override
  public boolean isSearchable(int column) throws SQLException {
    return false;
  }

  @Override
  public boolean isCurrency(int column) throws SQLException {
    return false;
  }

  @Override
  public int isNullable(int column) throws SQLException {
    return columnNullableUnknown;
  }

  @Override
  public boolean isSigned(int column) throws SQLException {
    return column(column).signed();
  }

  @Override
  public int getColumnDisplaySize(int column) throws SQLException {
    return column(column).displaySize();
  }

  @Override
  public String getColumnLabel(int column) throws SQLException {
    return column(column).label();
  }

  @Override
  public String getColumnName(int column) throws SQLException {
    return column(column).name();
  }

  @Override
  public String getSchemaName(int column) throws SQLException {
    return "";
  }

  @Override
  public int getPrecision(int column) throws SQLException {
    return column(column).precision();
  }

  @Override
  public int getScale(int column) throws SQLException {
    return column(column).scale();
  }

  @Override
  public String getTableName(int column) throws SQLException {
    return "";
  }

  @Override
  public String getCatalogName(int column) throws SQLException {
    return "";
  }

  @Override
  public int getColumnType(int column) throws SQLException {
    return column(column).type();
  }

  @Override
  public String getColumnTypeName(int column) throws SQLException {
    return column(column).typeName();
  }

  @Override
  public boolean isReadOnly(int column) throws SQLException {
    return true;
  }

  @Override
  public boolean isWritable(int column) throws SQLException {
    return false;
  }

  @Override
  public boolean isDefinitelyWritable(int column) throws SQLException {
    return false;
  }

  @Override
  public String getColumnClassName(int column) throws SQLException {
    return column(column).className();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("Not a wrapper for " + iface.getName(), "HY000");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }
}
