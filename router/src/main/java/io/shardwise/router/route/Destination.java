package io.shardwise.router.route;

import java.util.List;

/**
 * The shard(s) a statement goes to. Printable as is, so {@code explain} and log lines show the same
 * text: {@code Shard(s2)}, {@code Shards[s1, s3]}, {@code AllShards[s1, s2, s3]}.
 *
 * <p>{@link Shards} and {@link AllShards} differ in what the shards hold: {@code Shards} are parts
 * of one partitioned answer (rows are merged, update counts add up), {@code AllShards} hold copies
 * (DDL, broadcast writes: each reports the same count).
 */
public sealed interface Destination
    permits Destination.Shard, Destination.Shards, Destination.AllShards {

  /** The shard names, in the order statements are sent. */
  List<String> shardNames();

  /** Exactly one shard. */
  record Shard(String name) implements Destination {
    @Override
    public List<String> shardNames() {
      return List.of(name);
    }

    @Override
    public String toString() {
      return "Shard(" + name + ")";
    }
  }

  /**
   * Several shards, each holding part of the answer: a cross-shard read or a multi-shard
   * UPDATE/DELETE. Names in ring order of names.
   */
  record Shards(List<String> names) implements Destination {
    public Shards {
      names = List.copyOf(names);
    }

    @Override
    public List<String> shardNames() {
      return names;
    }

    @Override
    public String toString() {
      return "Shards" + names;
    }
  }

  /** Every shard, in name order: DDL and writes to broadcast tables. */
  record AllShards(List<String> names) implements Destination {
    public AllShards {
      names = List.copyOf(names);
    }

    @Override
    public List<String> shardNames() {
      return names;
    }

    @Override
    public String toString() {
      return "AllShards" + names;
    }
  }
}
