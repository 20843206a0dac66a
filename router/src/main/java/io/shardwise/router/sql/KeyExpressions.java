package io.shardwise.router.sql;

import io.shardwise.router.config.TableRule;
import java.math.BigDecimal;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;

/** Finds the value a statement fixes for a table's shard key. */
final class KeyExpressions {

  private KeyExpressions() {}

  /**
   * The value the WHERE clause fixes for {@code rule}'s shard key through an equality reachable
   * from the root by ANDs only, or null when it fixes none. An equality under an OR, a range or a
   * function does not fix the key.
   *
   * @param alias the alias the table carries in the statement, or null
   */
  static KeyValue fromWhere(Expression where, TableRule rule, String alias) {
    if (where == null) {
      return null;
    }
    if (where instanceof AndExpression and) {
      KeyValue left = fromWhere(and.getLeftExpression(), rule, alias);
      return left != null ? left : fromWhere(and.getRightExpression(), rule, alias);
    }
    if (where instanceof ParenthesedExpressionList<?> parens && parens.size() == 1) {
      return fromWhere(parens.get(0), rule, alias);
    }
    if (where instanceof EqualsTo eq) {
      if (isKeyColumn(eq.getLeftExpression(), rule, alias)) {
        return value(eq.getRightExpression());
      }
      if (isKeyColumn(eq.getRightExpression(), rule, alias)) {
        return value(eq.getLeftExpression());
      }
    }
    return null;
  }

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
