package io.shardwise.router.route;

import java.util.List;

/**
 * The shard(s) a statement goes to. Printable as is, so {@code explain} and log lines show the same
 * text: {@code Shard(s2)}, {@code AllShards[s1, s2, s3]}.
 */
public sealed interface Destination permits Destination.Shard, Destination.AllShards {

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
