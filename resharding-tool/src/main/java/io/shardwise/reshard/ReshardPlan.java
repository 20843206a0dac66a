package io.shardwise.reshard;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a reshard moves: the two shard maps (by path and content hash, so a later step can refuse a
 * map edited since), the tables, and per (table, source, target) the predicted row count.
 *
 * @param fromMap the current shard map
 * @param fromSha256 the hex SHA-256 of its bytes when planned
 * @param toMap the shard map to move to
 * @param toSha256 the hex SHA-256 of its bytes when planned
 * @param tables the tables, groups together
 * @param pairs every (table, source, target) with rows to move
 */
record ReshardPlan(
    Path fromMap,
    String fromSha256,
    Path toMap,
    String toSha256,
    List<PlannedTable> tables,
    List<MovePair> pairs) {

  ReshardPlan {
    tables = List.copyOf(tables);
    pairs = List.copyOf(pairs);
  }

  PlannedTable table(String name) {
    return tables.stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new ReshardException("The plan has no table " + name));
  }

  List<MovePair> pairsOf(String table) {
    List<MovePair> of = new ArrayList<>();
    for (MovePair pair : pairs) {
      if (pair.table().equals(table)) {
        of.add(pair);
      }
    }
    return of;
  }

  /** The shards a table's rows are read from, in plan order. */
  Set<String> sourcesOf(String table) {
    Set<String> sources = new LinkedHashSet<>();
    pairsOf(table).forEach(pair -> sources.add(pair.source()));
    return sources;
  }

  Set<String> targetsOf(String table) {
    Set<String> targets = new LinkedHashSet<>();
    pairsOf(table).forEach(pair -> targets.add(pair.target()));
    return targets;
  }

  long movedRows() {
    return pairs.stream().mapToLong(MovePair::rows).sum();
  }
}
