package io.shardwise.router.merge;

import java.sql.SQLException;
import java.util.function.IntFunction;

/**
 * LIMIT/OFFSET (or OFFSET/FETCH FIRST) applied to the merged rows. Each bound is a literal or a
 * {@code ?} parameter, resolved per execution. Shards receive {@code offset + count} as their own
 * limit and no offset: any row of the answer is among each shard's first {@code offset + count}.
 *
 * @param offset the literal offset, when {@code offsetParameter} is 0
 * @param offsetParameter the parameter holding the offset, or 0
 * @param count the literal row count, when {@code countParameter} is 0; -1 for no count
 * @param countParameter the parameter holding the row count, or 0
 */
public record RowLimit(long offset, int offsetParameter, long count, int countParameter) {

  /**
   * The offset; {@code parameters} gives the value bound to a 1-based parameter index, null when it
   * is unset or SQL NULL.
   */
  public long offset(IntFunction<Object> parameters) throws SQLException {
    return offsetParameter == 0 ? offset : number(parameters, offsetParameter);
  }

  /** The row count, or -1 for all rows. */
  public long count(IntFunction<Object> parameters) throws SQLException {
    return countParameter == 0 ? count : number(parameters, countParameter);
  }

  private static long number(IntFunction<Object> parameters, int index) throws SQLException {
    Object value = parameters.apply(index);
    if (value instanceof Number n) {
      return n.longValue();
    }
    throw new SQLException(
        "Parameter " + index + " of LIMIT/OFFSET must be bound to a number, not " + value + ".",
        "22023");
  }

  @Override
  public String toString() {
    String o = offsetParameter == 0 ? String.valueOf(offset) : "?" + offsetParameter;
    String c =
        countParameter == 0 ? (count < 0 ? "all" : String.valueOf(count)) : "?" + countParameter;
    return "after the merge skip " + o + " row(s) and return " + c;
  }
}
