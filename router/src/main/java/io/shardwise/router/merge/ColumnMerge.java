package io.shardwise.router.merge;

/**
 * How one column of the shard rows is folded across shards.
 *
 * @param kind the folding rule
 * @param sumColumn for {@link Kind#AVG}: the 0-based hidden column holding SUM of the argument
 * @param countColumn for {@link Kind#AVG}: the 0-based hidden column holding COUNT of the argument
 */
public record ColumnMerge(Kind kind, int sumColumn, int countColumn) {

  /** The folding rules. */
  public enum Kind {
    /** Part of the group key (or a function of it): equal in every partial row. */
    KEY,
    /** Partial counts add up. */
    COUNT,
    /** Partial sums add up; NULL when every partial sum is NULL. */
    SUM,
    MIN,
    MAX,
    /** SUM over COUNT, from two hidden columns; the shards' own AVG is discarded. */
    AVG
  }

  public static ColumnMerge of(Kind kind) {
    return new ColumnMerge(kind, -1, -1);
  }

  @Override
  public String toString() {
    return kind == Kind.AVG
        ? "AVG = #" + (sumColumn + 1) + " / #" + (countColumn + 1)
        : kind.toString();
  }
}
