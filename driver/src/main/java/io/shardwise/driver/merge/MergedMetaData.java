package io.shardwise.driver.merge;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * The metadata of a merged result: the first shard's, with the columns added for the merge cut off,
 * so the application sees the columns and labels it wrote.
 */
final class MergedMetaData implements ResultSetMetaData {

  private final ResultSetMetaData shard;
  private final int visible;

  MergedMetaData(ResultSetMetaData shard, int visible) {
    this.shard = shard;
    this.visible = visible;
  }

  private int check(int column) throws SQLException {
    if (column < 1 || column > visible) {
      throw new SQLException(
          "Column index " + column + " is out of range 1.." + visible + ".", "07009");
    }
    return column;
  }

  @Override
  public int getColumnCount() {
    return visible;
  }

  @Override
  public boolean isAutoIncrement(int column) throws SQLException {
    return shard.isAutoIncrement(check(column));
  }

  @Override
  public boolean isCaseSensitive(int column) throws SQLException {
    return shard.isCaseSensitive(check(column));
  }

  @Override
  public boolean isSearchable(int column) throws SQLException {
    return shard.isSearchable(check(column));
  }

  @Override
  public boolean isCurrency(int column) throws SQLException {
    return shard.isCurrency(check(column));
  }

  @Override
  public int isNullable(int column) throws SQLException {
    return shard.isNullable(check(column));
  }

  @Override
  public boolean isSigned(int column) throws SQLException {
    return shard.isSigned(check(column));
  }

  @Override
  public int getColumnDisplaySize(int column) throws SQLException {
    return shard.getColumnDisplaySize(check(column));
  }

  @Override
  public String getColumnLabel(int column) throws SQLException {
    return shard.getColumnLabel(check(column));
  }

  @Override
  public String getColumnName(int column) throws SQLException {
    return shard.getColumnName(check(column));
  }

  @Override
  public String getSchemaName(int column) throws SQLException {
    return shard.getSchemaName(check(column));
  }

  @Override
  public int getPrecision(int column) throws SQLException {
    return shard.getPrecision(check(column));
  }

  @Override
  public int getScale(int column) throws SQLException {
    return shard.getScale(check(column));
  }

  @Override
  public String getTableName(int column) throws SQLException {
    return shard.getTableName(check(column));
  }

  @Override
  public String getCatalogName(int column) throws SQLException {
    return shard.getCatalogName(check(column));
  }

  @Override
  public int getColumnType(int column) throws SQLException {
    return shard.getColumnType(check(column));
  }

  @Override
  public String getColumnTypeName(int column) throws SQLException {
    return shard.getColumnTypeName(check(column));
  }

  @Override
  public boolean isReadOnly(int column) throws SQLException {
    check(column);
    return true;
  }

  @Override
  public boolean isWritable(int column) throws SQLException {
    check(column);
    return false;
  }

  @Override
  public boolean isDefinitelyWritable(int column) throws SQLException {
    check(column);
    return false;
  }

  @Override
  public String getColumnClassName(int column) throws SQLException {
    return shard.getColumnClassName(check(column));
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("Not a wrapper for " + iface.getName() + ".", "SW010");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }
}
