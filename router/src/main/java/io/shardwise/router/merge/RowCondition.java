package io.shardwise.router.merge;

import java.math.BigDecimal;

/**
 * A HAVING condition the merge evaluates on folded group rows, with SQL's three-valued logic: a
 * comparison with NULL is unknown, and only a true condition keeps the group. It covers comparisons
 * of aggregates and group keys with literals, AND, OR, NOT and IS [NOT] NULL; the router refuses
 * any other HAVING on a merged GROUP BY.
 */
public sealed interface RowCondition
    permits RowCondition.Compare,
        RowCondition.And,
        RowCondition.Or,
        RowCondition.Not,
        RowCondition.IsNull {

  /** TRUE, FALSE, or null for unknown. */
  Boolean test(Object[] row);

  /** A value in a condition: a column of the folded row or a literal. */
  sealed interface Operand permits Column, Constant {
    Object value(Object[] row);
  }

  /** A 0-based column of the folded row. */
  record Column(int index) implements Operand {
    @Override
    public Object value(Object[] row) {
      return row[index];
    }

    @Override
    public String toString() {
      return "#" + (index + 1);
    }
  }

  /** A literal: a Long, BigDecimal or String. */
  record Constant(Object value) implements Operand {
    @Override
    public Object value(Object[] row) {
      return value;
    }

    @Override
    public String toString() {
      return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }
  }

  /** A comparison. */
  record Compare(Operand left, String operator, Operand right) implements RowCondition {
    @Override
    public Boolean test(Object[] row) {
      Object a = left.value(row);
      Object b = right.value(row);
      if (a == null || b == null) {
        return null;
      }
      int c = compare(a, b);
      return switch (operator) {
        case "=" -> c == 0;
        case "<>", "!=" -> c != 0;
        case "<" -> c < 0;
        case "<=" -> c <= 0;
        case ">" -> c > 0;
        case ">=" -> c >= 0;
        default -> throw new IllegalStateException(operator);
      };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
      if (a instanceof Number x && b instanceof Number y) {
        return decimal(x).compareTo(decimal(y));
      }
      if (a instanceof Comparable ca && a.getClass().isInstance(b)) {
        return ca.compareTo(b);
      }
      return a.toString().compareTo(b.toString());
    }

    private static BigDecimal decimal(Number n) {
      return n instanceof BigDecimal d ? d : new BigDecimal(n.toString());
    }

    @Override
    public String toString() {
      return left + " " + operator + " " + right;
    }
  }

  /** AND: false wins over unknown. */
  record And(RowCondition left, RowCondition right) implements RowCondition {
    @Override
    public Boolean test(Object[] row) {
      Boolean a = left.test(row);
      if (Boolean.FALSE.equals(a)) {
        return false;
      }
      Boolean b = right.test(row);
      if (Boolean.FALSE.equals(b)) {
        return false;
      }
      return a == null || b == null ? null : true;
    }

    @Override
    public String toString() {
      return "(" + left + " AND " + right + ")";
    }
  }

  /** OR: true wins over unknown. */
  record Or(RowCondition left, RowCondition right) implements RowCondition {
    @Override
    public Boolean test(Object[] row) {
      Boolean a = left.test(row);
      if (Boolean.TRUE.equals(a)) {
        return true;
      }
      Boolean b = right.test(row);
      if (Boolean.TRUE.equals(b)) {
        return true;
      }
      return a == null || b == null ? null : false;
    }

    @Override
    public String toString() {
      return "(" + left + " OR " + right + ")";
    }
  }

  /** NOT: unknown stays unknown. */
  record Not(RowCondition inner) implements RowCondition {
    @Override
    public Boolean test(Object[] row) {
      Boolean a = inner.test(row);
      return a == null ? null : !a;
    }

    @Override
    public String toString() {
      return "NOT " + inner;
    }
  }

  /** IS NULL, or IS NOT NULL when {@code negated}. */
  record IsNull(Operand operand, boolean negated) implements RowCondition {
    @Override
    public Boolean test(Object[] row) {
      return (operand.value(row) == null) != negated;
    }

    @Override
    public String toString() {
      return operand + (negated ? " IS NOT NULL" : " IS NULL");
    }
  }
}
