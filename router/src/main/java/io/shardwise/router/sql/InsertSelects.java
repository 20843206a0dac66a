package io.shardwise.router.sql;

import io.shardwise.router.config.ShardMap;
import io.shardwise.router.config.TableRule;
import io.shardwise.router.error.ErrorCode;
import java.util.List;
import java.util.Optional;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;

/**
 * {@code INSERT INTO sharded (...) SELECT ...} runs only when every row it reads and writes
 * provably lives on one shard: the SELECT reads one table and fixes its shard key to one value, and
 * the inserted key is either a literal or {@code ?} landing on that shard (checked at each
 * execution), or the source's own key column with both tables in one table group. A SELECT of
 * broadcast tables or of no table needs only the inserted key to be a literal or {@code ?}.
 */
final class InsertSelects {

  private InsertSelects() {}

  static Target target(
      Insert insert, TableRule rule, int position, List<TableRule> shardedRead, ShardMap map) {
    String summary = "INSERT into " + rule.name() + " ... SELECT";
    Select select = insert.getSelect();
    if (!(select instanceof PlainSelect plain)
        || (plain.getJoins() != null && !plain.getJoins().isEmpty())
        || (plain.getFromItem() != null && !(plain.getFromItem() instanceof Table))
        || position >= plain.getSelectItems().size()) {
      return refuse(
          summary,
          "only a single SELECT of one table (no join, UNION or derived table) with a value for"
              + " every column is routed");
    }
    Expression keyItem = plain.getSelectItems().get(position).getExpression();
    KeyValue fixedKey = KeyExpressions.value(keyItem);
    Optional<TableRule> source =
        plain.getFromItem() == null
            ? Optional.empty()
            : map.table(((Table) plain.getFromItem()).getName());
    if (plain.getFromItem() != null && source.isEmpty()) {
      return refuse(
          summary,
          TableRule.normalize(((Table) plain.getFromItem()).getName())
              + " lives on the default shard only, so the other shards cannot read it");
    }
    if (source.isEmpty() || !source.get().isSharded()) {
      if (fixedKey == null || !shardedRead.stream().allMatch(rule::equals)) {
        return refuse(
            summary, "the inserted shard key " + rule.shardKey() + " must be a literal or ?");
      }
      return new Target.ByKey(rule, fixedKey);
    }
    TableRule from = source.get();
    if (shardedRead.stream().anyMatch(r -> !r.equals(from) && !r.equals(rule))) {
      return refuse(summary, "it reads several sharded tables");
    }
    String alias =
        ((Table) plain.getFromItem()).getAlias() == null
            ? null
            : TableRule.normalize(((Table) plain.getFromItem()).getAlias().getName());
    List<KeyExpressions.KeyTable> keyTables = List.of(new KeyExpressions.KeyTable(from, alias));
    List<KeyValue> sourceKeys = KeyExpressions.keysFromWhere(plain.getWhere(), keyTables);
    if (sourceKeys == null || sourceKeys.size() != 1) {
      return refuse(
          summary,
          "the SELECT must fix the shard key of "
              + from.name()
              + " to one value ("
              + from.shardKey()
              + " = literal or ?), or its rows come from every shard");
    }
    if (fixedKey != null) {
      return new Target.SameShard(
          rule,
          List.of(sourceKeys.get(0), fixedKey),
          List.of(from, rule),
          ErrorCode.CROSS_SHARD,
          summary
              + ": the rows read and the rows written live on different shards; both keys must"
              + " land on one shard");
    }
    if (KeyExpressions.isKeyColumn(keyItem, keyTables)
        && from.group() != null
        && from.group().equals(rule.group())) {
      return new Target.ByKey(rule, sourceKeys.get(0));
    }
    return refuse(
        summary,
        "the inserted shard key "
            + rule.shardKey()
            + " must be a literal, a ?, or the source's own shard key with both tables in one"
            + " table group");
  }

  private static Target refuse(String summary, String why) {
    return new Target.Refused(
        ErrorCode.CROSS_SHARD,
        summary + " is routed only when it provably stays on one shard: " + why + ".");
  }
}
