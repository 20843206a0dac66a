package io.shardwise.reshard;

import io.shardwise.router.config.TableRule;
import java.util.List;

/**
 * Which target shards a row read from a source shard goes to: for a sharded table the row's owner
 * under the new map when that is another shard (else none); for a broadcast table every shard the
 * plan copies it to.
 */
final class MoveFilter {

  private final TableRule table;
  private final String source;
  private final Placement placement;
  private final int shardKeyIndex; // -1 for a broadcast table
  private final List<String> broadcastTargets;

  private MoveFilter(
      TableRule table,
      String source,
      Placement placement,
      int shardKeyIndex,
      List<String> broadcastTargets) {
    this.table = table;
    this.source = source;
    this.placement = placement;
    this.shardKeyIndex = shardKeyIndex;
    this.broadcastTargets = List.copyOf(broadcastTargets);
  }

  static MoveFilter of(
      ReshardPlan plan, Placement placement, String table, String source, TableShape shape) {
    PlannedTable planned = plan.table(table);
    if (planned.broadcast()) {
      return new MoveFilter(
          placement.rule(table), source, placement, -1, List.copyOf(plan.targetsOf(table)));
    }
    return new MoveFilter(
        placement.rule(table), source, placement, shape.columnIndex(planned.shardKey()), List.of());
  }

  boolean broadcast() {
    return shardKeyIndex < 0;
  }

  List<String> broadcastTargets() {
    return broadcastTargets;
  }

  /** The shard a row of a sharded table moves to, or null if it stays on the source. */
  String targetOf(Object[] row) {
    return targetOfKey(row[shardKeyIndex]);
  }

  /** The shard a row with this shard-key value moves to, or null if it stays on the source. */
  String targetOfKey(Object shardKeyValue) {
    String owner = placement.newOwner(Placement.hash(shardKeyValue, table));
    return owner.equals(source) ? null : owner;
  }

  /** The shard key's index in the table's columns; -1 for a broadcast table. */
  int shardKeyIndex() {
    return shardKeyIndex;
  }

  /**
   * The source a row found on a target came from: its owner under the old map, when it belongs to
   * the target under the new map and lived elsewhere before. Null for a row that was already there.
   */
  String movedFrom(Object[] row, String target) {
    long hash = Placement.hash(row[shardKeyIndex], table);
    String oldOwner = placement.oldOwner(hash);
    return oldOwner.equals(target) || !placement.newOwner(hash).equals(target) ? null : oldOwner;
  }
}
