package io.shardwise.router.sql;

import io.shardwise.router.config.TableRule;
import io.shardwise.router.sql.KeyExpressions.KeyTable;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.PlainSelect;

/**
 * Proves that a join of sharded tables pairs only co-located rows: every table is linked to the
 * others by equalities of their shard-key columns ({@code u.user_id = o.user_id}) found, through
 * ANDs, in the ON clauses and the WHERE clause, or by {@code USING (key)}.
 */
final class JoinKeys {

  private JoinKeys() {}

  static boolean connected(PlainSelect select, List<KeyTable> tables) {
    int[] parent = new int[tables.size()];
    for (int i = 0; i < parent.length; i++) {
      parent[i] = i;
    }
    collect(select.getWhere(), tables, parent);
    for (Join join : select.getJoins()) {
      for (Expression on : join.getOnExpressions()) {
        collect(on, tables, parent);
      }
      if (join.getUsingColumns() != null
          && join.getRightItem() instanceof net.sf.jsqlparser.schema.Table right) {
        int r = indexOf(tables, TableRule.normalize(right.getName()), right);
        for (Column column : join.getUsingColumns()) {
          if (r > 0
              && TableRule.normalize(column.getColumnName())
                  .equals(tables.get(r).rule().shardKey())) {
            union(parent, 0, r);
          }
        }
      }
    }
    int root = find(parent, 0);
    for (int i = 1; i < parent.length; i++) {
      if (find(parent, i) != root) {
        return false;
      }
    }
    return true;
  }

  private static void collect(Expression e, List<KeyTable> tables, int[] parent) {
    if (e instanceof net.sf.jsqlparser.expression.operators.relational.InExpression in
        && KeyExpressions.misparsed(in)) {
      collect(KeyExpressions.repaired(in), tables, parent);
    } else if (e instanceof AndExpression and) {
      collect(and.getLeftExpression(), tables, parent);
      collect(and.getRightExpression(), tables, parent);
    } else if (e instanceof ParenthesedExpressionList<?> parens && parens.size() == 1) {
      collect(parens.get(0), tables, parent);
    } else if (e instanceof EqualsTo eq) {
      int a = keyOwner(eq.getLeftExpression(), tables);
      int b = keyOwner(eq.getRightExpression(), tables);
      if (a >= 0 && b >= 0) {
        union(parent, a, b);
      }
    }
  }

  /** The table whose shard-key column {@code e} is, by qualifier; -1 when none or unqualified. */
  private static int keyOwner(Expression e, List<KeyTable> tables) {
    if (!(e instanceof Column column)
        || column.getTable() == null
        || column.getTable().getName() == null) {
      return -1;
    }
    String qualifier = TableRule.normalize(column.getTable().getName());
    for (int i = 0; i < tables.size(); i++) {
      KeyTable table = tables.get(i);
      boolean named =
          table.alias() != null
              ? qualifier.equals(table.alias())
              : qualifier.equals(table.rule().name());
      if (named && TableRule.normalize(column.getColumnName()).equals(table.rule().shardKey())) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOf(
      List<KeyTable> tables, String name, net.sf.jsqlparser.schema.Table table) {
    String alias =
        table.getAlias() == null ? null : TableRule.normalize(table.getAlias().getName());
    for (int i = 0; i < tables.size(); i++) {
      KeyTable t = tables.get(i);
      if (t.rule().name().equals(name) && java.util.Objects.equals(t.alias(), alias)) {
        return i;
      }
    }
    return -1;
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      i = parent[i];
    }
    return i;
  }

  private static void union(int[] parent, int a, int b) {
    parent[find(parent, a)] = find(parent, b);
  }
}
