package io.shardwise.router.sql;

import io.shardwise.router.config.TableRule;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;

/** Finds the values a statement allows for a table's shard key. */
final class KeyExpressions {

  private KeyExpressions() {}

  /**
   * The shard-key values a WHERE clause allows, or null when it allows any value (so every shard
   * may hold matching rows). {@code key = v} allows v; {@code key IN (a, b)} allows a and b; an OR
   * allows the union of its sides, and only when both sides restrict the key; an AND allows what
   * its more restrictive side allows; {@code (key, x) = (v, w)} allows v, and {@code (key, x) IN
   * ((v, w), (u, z))} allows v and u. Ranges, NOT, functions of the key and subqueries restrict
   * nothing.
   *
   * @param keyColumns the columns that hold the shard key: the table's, or in a join of one table
   *     group on the key, every joined table's
   */
  static List<KeyValue> keysFromWhere(Expression where, List<KeyTable> keyColumns) {
    if (where instanceof InExpression in && misparsed(in)) {
      return keysFromWhere(repaired(in), keyColumns);
    }
    if (where instanceof AndExpression and) {
      List<KeyValue> left = keysFromWhere(and.getLeftExpression(), keyColumns);
      List<KeyValue> right = keysFromWhere(and.getRightExpression(), keyColumns);
      if (left == null || right == null) {
        return left == null ? right : left;
      }
      return right.size() < left.size() ? right : left;
    }
    if (where instanceof OrExpression or) {
      List<KeyValue> left = keysFromWhere(or.getLeftExpression(), keyColumns);
      List<KeyValue> right =
          left == null ? null : keysFromWhere(or.getRightExpression(), keyColumns);
      if (right == null) {
        return null;
      }
      Set<KeyValue> both = new LinkedHashSet<>(left);
      both.addAll(right);
      return new ArrayList<>(both);
    }
    if (where instanceof ParenthesedExpressionList<?> parens && parens.size() == 1) {
      return keysFromWhere(parens.get(0), keyColumns);
    }
    if (where instanceof InExpression in && rowValuesIn(in) != null) {
      return keysFromWhere(rowValuesIn(in), keyColumns);
    }
    if (where instanceof EqualsTo eq && rowValues(eq) != null) {
      return keysFromWhere(rowValues(eq), keyColumns);
    }
    if (where instanceof EqualsTo eq) {
      KeyValue value = null;
      if (isKeyColumn(eq.getLeftExpression(), keyColumns)) {
        value = value(eq.getRightExpression());
      } else if (isKeyColumn(eq.getRightExpression(), keyColumns)) {
        value = value(eq.getLeftExpression());
      }
      return value == null ? null : List.of(value);
    }
    if (where instanceof InExpression in
        && !in.isNot()
        && isKeyColumn(in.getLeftExpression(), keyColumns)
        && in.getRightExpression() instanceof ExpressionList<?> list) {
      Set<KeyValue> values = new LinkedHashSet<>();
      for (Expression e : list) {
        KeyValue value = value(e);
        if (value == null) {
          return null;
        }
        values.add(value); // a set: a list of 50,000 items must not cost 50,000^2 comparisons
      }
      return values.isEmpty() ? null : new ArrayList<>(values);
    }
    return null;
  }

  /**
   * A comparison of row values, {@code (a, b) = (?, ?)}, as the AND of its column equalities, or
   * null when {@code eq} is not one. Hibernate writes composite-id lookups, updates and version
   * checks this way ({@code where (customer_id, order_no) = (?, ?)}).
   */
  private static Expression rowValues(EqualsTo eq) {
    if (!(eq.getLeftExpression() instanceof ParenthesedExpressionList<?> left)
        || !(eq.getRightExpression() instanceof ParenthesedExpressionList<?> right)
        || left.size() < 2
        || left.size() != right.size()) {
      return null;
    }
    Expression conjunction = null;
    for (int i = 0; i < left.size(); i++) {
      Expression part = new EqualsTo(left.get(i), right.get(i));
      conjunction = conjunction == null ? part : new AndExpression(conjunction, part);
    }
    return conjunction;
  }

  /**
   * A row value in a list of rows, {@code (a, b) IN ((?, ?), (?, ?))}, as the OR of its row
   * equalities, or null when {@code in} is not one. Hibernate's {@code find} of a composite id
   * writes a list of one row.
   */
  private static Expression rowValuesIn(InExpression in) {
    if (in.isNot()
        || !(in.getLeftExpression() instanceof ParenthesedExpressionList<?> row)
        || row.size() < 2
        || !(in.getRightExpression() instanceof ExpressionList<?> rows)) {
      return null;
    }
    Expression disjunction = null;
    for (Expression each : rows) {
      if (!(each instanceof ParenthesedExpressionList<?> values)) {
        return null;
      }
      Expression equalities = rowValues(new EqualsTo(row, values));
      if (equalities == null) {
        return null;
      }
      disjunction = disjunction == null ? equalities : new OrExpression(disjunction, equalities);
    }
    return disjunction;
  }

  /**
   * JSqlParser 5.3 parses {@code k IN (1, 2) AND x} as {@code k IN ((1, 2) AND x)}. The text it
   * prints back is the same, so the SQL sent to databases is right; only the tree needs repair
   * before it is read.
   */
  static boolean misparsed(InExpression in) {
    return in.getRightExpression() instanceof AndExpression
        || in.getRightExpression() instanceof OrExpression;
  }

  /** The tree {@code in} should have been: the condition after the list moved out of the IN. */
  static Expression repaired(InExpression in) {
    if (in.getRightExpression() instanceof AndExpression and) {
      return new AndExpression(repairedIn(in, and.getLeftExpression()), and.getRightExpression());
    }
    if (in.getRightExpression() instanceof OrExpression or) {
      return new OrExpression(repairedIn(in, or.getLeftExpression()), or.getRightExpression());
    }
    return in;
  }

  private static Expression repairedIn(InExpression in, Expression list) {
    InExpression copy = new InExpression(in.getLeftExpression(), list);
    copy.setNot(in.isNot());
    return repaired(copy);
  }

  /** True when {@code e} is the shard-key column of one of {@code keyColumns}. */
  static boolean isKeyColumn(Expression e, List<KeyTable> keyColumns) {
    for (KeyTable table : keyColumns) {
      if (isKeyColumn(e, table.rule(), table.alias())) {
        return true;
      }
    }
    return false;
  }

  /**
   * A sharded table as a statement names it.
   *
   * @param alias its alias in the statement, or null
   */
  record KeyTable(TableRule rule, String alias) {}

  /** True when {@code e} is the shard-key column, unqualified or qualified by table or alias. */
  static boolean isKeyColumn(Expression e, TableRule rule, String alias) {
    if (!(e instanceof Column column)) {
      return false;
    }
    if (!TableRule.normalize(column.getColumnName()).equals(rule.shardKey())) {
      return false;
    }
    if (column.getTable() == null || column.getTable().getName() == null) {
      return true;
    }
    String qualifier = TableRule.normalize(column.getTable().getName());
    return qualifier.equals(rule.name()) || (alias != null && qualifier.equals(alias));
  }

  /** A literal or parameter as a key value; null when {@code e} is any other expression. */
  static KeyValue value(Expression e) {
    if (e instanceof JdbcParameter parameter && parameter.getIndex() != null) {
      return new KeyValue.Parameter(parameter.getIndex());
    }
    if (e instanceof LongValue number) {
      return new KeyValue.Literal(
          number.getBigIntegerValue().bitLength() < 64
              ? (Object) number.getValue()
              : number.getBigIntegerValue());
    }
    if (e instanceof StringValue text) {
      return new KeyValue.Literal(text.getNotExcapedValue());
    }
    if (e instanceof DoubleValue decimal) {
      return new KeyValue.Literal(new BigDecimal(decimal.toString()));
    }
    if (e instanceof NullValue) {
      return new KeyValue.Literal(null);
    }
    if (e instanceof SignedExpression signed && signed.getSign() == '-') {
      KeyValue inner = value(signed.getExpression());
      if (inner instanceof KeyValue.Literal literal && literal.value() instanceof Long l) {
        return new KeyValue.Literal(-l);
      }
      if (inner instanceof KeyValue.Literal literal && literal.value() instanceof BigDecimal d) {
        return new KeyValue.Literal(d.negate());
      }
      if (inner instanceof KeyValue.Literal literal
          && literal.value() instanceof java.math.BigInteger b) {
        return new KeyValue.Literal(b.negate());
      }
    }
    return null;
  }
}
