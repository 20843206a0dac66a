package io.shardwise.reshard;

/**
 * A table of the plan.
 *
 * @param name the logical (lower-case) name from the shard map
 * @param broadcast whether every shard holds a full copy
 * @param shardKey the shard-key column of a sharded table, null for a broadcast one
 * @param group the table group of a sharded table, null for a broadcast one
 * @param rows rows on all old shards (a broadcast table counted once)
 */
record PlannedTable(String name, boolean broadcast, String shardKey, String group, long rows) {}
