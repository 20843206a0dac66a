package io.shardwise.reshard;

/**
 * The rows of one table that move from one shard to another, with the count the plan predicted.
 *
 * @param table the logical table name
 * @param source the shard the rows are read from
 * @param target the shard they are written to
 * @param rows how many rows the plan counted
 */
record MovePair(String table, String source, String target, long rows) {

  String id() {
    return table + ":" + source + "->" + target;
  }
}
