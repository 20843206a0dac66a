package io.shardwise.driver.merge;

import io.shardwise.router.merge.ColumnMerge;
import io.shardwise.router.merge.Grouping;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds the partial groups of every shard into one row per group, then applies HAVING and the ORDER
 * BY. It must see every shard row before returning the first group, and holds one row per group:
 * memory grows with the number of groups, not of rows.
 */
final class GroupRows implements RowStream {

  private final RowStream source;
  private final Grouping grouping;
  private final Comparator<Object[]> order;
  private final int[] sqlTypes;
  private final int[] scales;
  private Iterator<Object[]> folded;

  /**
   * @param sqlTypes the JDBC type of each shard column, which decides an AVG's result type
   * @param scales the scale of each shard column
   */
  GroupRows(
      RowStream source,
      Grouping grouping,
      Comparator<Object[]> order,
      int[] sqlTypes,
      int[] scales) {
    this.source = source;
    this.grouping = grouping;
    this.order = order;
    this.sqlTypes = sqlTypes;
    this.scales = scales;
  }

  @Override
  public Object[] next() throws SQLException {
    if (folded == null) {
      folded = fold().iterator();
    }
    return folded.hasNext() ? folded.next() : null;
  }

  private List<Object[]> fold() throws SQLException {
    List<ColumnMerge> columns = grouping.columns();
    int[] keys = grouping.keyColumns();
    Map<List<Object>, Object[]> groups = new LinkedHashMap<>();
    for (Object[] row = source.next(); row != null; row = source.next()) {
      Object[] key = new Object[keys.length];
      for (int i = 0; i < keys.length; i++) {
        key[i] = Values.groupKey(row[keys[i]]);
      }
      List<Object> groupKey = Arrays.asList(key);
      Object[] group = groups.get(groupKey);
      if (group == null) {
        groups.put(groupKey, row);
      } else {
        for (int i = 0; i < columns.size(); i++) {
          group[i] = fold(columns.get(i).kind(), group[i], row[i]);
        }
      }
    }
    List<Object[]> result = new ArrayList<>(groups.size());
    for (Object[] group : groups.values()) {
      for (int i = 0; i < columns.size(); i++) {
        ColumnMerge column = columns.get(i);
        if (column.kind() == ColumnMerge.Kind.AVG) {
          group[i] = average(group[column.sumColumn()], group[column.countColumn()], i);
        }
      }
      if (grouping.having() == null || Boolean.TRUE.equals(test(group))) {
        result.add(group);
      }
    }
    if (order != null) {
      try {
        result.sort(order);
      } catch (IllegalStateException e) {
        throw new SQLException(e.getMessage(), "22000", e);
      }
    }
    return result;
  }

  private Boolean test(Object[] group) throws SQLException {
    try {
      return grouping.having().test(group);
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new SQLException("HAVING after the cross-shard merge: " + e.getMessage(), "22000", e);
    }
  }

  private static Object fold(ColumnMerge.Kind kind, Object a, Object b) {
    return switch (kind) {
      case KEY, AVG -> a;
      case COUNT, SUM -> Values.add(a, b);
      case MIN -> a == null || (b != null && Values.compare(b, a) < 0) ? b : a;
      case MAX -> a == null || (b != null && Values.compare(b, a) > 0) ? b : a;
    };
  }

  /** SUM over COUNT, typed like the database's own AVG of the column. */
  private Object average(Object sum, Object count, int column) {
    if (sum == null || count == null || ((Number) count).longValue() == 0) {
      return null;
    }
    long n = ((Number) count).longValue();
    int type = sqlTypes[column];
    if (type == Types.DOUBLE || type == Types.FLOAT || type == Types.REAL) {
      return ((Number) sum).doubleValue() / n;
    }
    BigDecimal average =
        Values.decimal((Number) sum).divide(BigDecimal.valueOf(n), MathContext.DECIMAL128);
    return scales[column] > 0 ? average.setScale(scales[column], RoundingMode.HALF_UP) : average;
  }
}
