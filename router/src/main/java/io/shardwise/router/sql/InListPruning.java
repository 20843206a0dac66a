package io.shardwise.router.sql;

import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;

/**
 * Finds the IN list on the shard key that can be pruned per shard. Pruning is exact row by row: a
 * shard holds only rows whose key it owns, so for each of its rows {@code key IN (list)} has the
 * same value as {@code key IN (the values it owns)}. NULL items stay in every shard's list (they
 * turn FALSE into NULL, which NOT would tell apart), and a shard that owns none of the values keeps
 * one, so the list is never empty. Only one IN list on the key, reached through AND, OR and
 * parentheses, is pruned; with several, the statement is sent with its lists whole.
 */
final class InListPruning {

  private InListPruning() {}

  /** The split for {@code sql} (the text each shard would receive), or null when none applies. */
  static ListSplit split(
      String sql,
      SqlLexer.Dialect dialect,
      Expression where,
      List<KeyExpressions.KeyTable> keyTables) {
    List<InExpression> lists = new ArrayList<>();
    collect(where, keyTables, lists);
    if (lists.size() != 1) {
      return null;
    }
    List<String> texts = new ArrayList<>();
    List<KeyValue> values = new ArrayList<>();
    for (Expression item : (ExpressionList<?>) lists.get(0).getRightExpression()) {
      KeyValue value = KeyExpressions.value(item);
      if (value == null) {
        return null;
      }
      texts.add(item.toString());
      values.add(value);
    }
    if (values.size() < 2) {
      return null;
    }
    return ListSplit.ofInList(sql, dialect, keyTables.get(0).rule().shardKey(), texts, values);
  }

  private static void collect(
      Expression e, List<KeyExpressions.KeyTable> keyTables, List<InExpression> lists) {
    if (e instanceof InExpression in && KeyExpressions.misparsed(in)) {
      collect(KeyExpressions.repaired(in), keyTables, lists);
    } else if (e instanceof AndExpression and) {
      collect(and.getLeftExpression(), keyTables, lists);
      collect(and.getRightExpression(), keyTables, lists);
    } else if (e instanceof OrExpression or) {
      collect(or.getLeftExpression(), keyTables, lists);
      collect(or.getRightExpression(), keyTables, lists);
    } else if (e instanceof ParenthesedExpressionList<?> parens && parens.size() == 1) {
      collect(parens.get(0), keyTables, lists);
    } else if (e instanceof InExpression in
        && !in.isNot()
        && KeyExpressions.isKeyColumn(in.getLeftExpression(), keyTables)
        && in.getRightExpression() instanceof ExpressionList<?>) {
      lists.add(in);
    }
  }
}
