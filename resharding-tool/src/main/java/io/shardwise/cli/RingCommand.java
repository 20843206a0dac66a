package io.shardwise.cli;

import io.shardwise.router.config.ShardMap;
import io.shardwise.router.config.ShardMapException;
import io.shardwise.router.config.ShardMapLoader;
import io.shardwise.router.config.TableRule;
import io.shardwise.router.error.RoutingException;
import io.shardwise.router.ring.HashRing;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints each shard's share of the hash ring, and optionally the owner of some keys. */
@Command(name = "ring", description = "Show each shard's share of the ring; locate keys.")
final class RingCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MAP", description = "the shard map YAML file")
  Path map;

  @Parameters(
      index = "1..*",
      paramLabel = "KEY",
      description = "shard-key values to locate (whole numbers as numbers, str:X as strings)")
  java.util.List<String> keys = new java.util.ArrayList<>();

  @Option(
      names = {"-t", "--table"},
      paramLabel = "TABLE",
      description =
          "locate the keys as values of this sharded table's shard key, converted to its keyType"
              + " as the driver converts them")
  String table;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ShardMap loaded;
    try {
      loaded = ShardMapLoader.load(map);
    } catch (ShardMapException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return ShardwiseCli.INVALID;
    }
    TableRule rule = null;
    if (table != null) {
      rule = loaded.table(table).filter(TableRule::isSharded).orElse(null);
      if (rule == null) {
        spec.commandLine()
            .getErr()
            .println(
                "Table "
                    + table
                    + " is not a sharded table of "
                    + map
                    + "; its sharded tables are "
                    + shardedTables(loaded)
                    + ".");
        return ShardwiseCli.INVALID;
      }
    }
    HashRing ring = HashRing.of(loaded.ring(), loaded.shards());
    out.println(ring);
    ring.ownershipShares()
        .forEach((shard, share) -> out.printf("  %-12s %6.2f%%%n", shard, share * 100));
    int exit = 0;
    for (String key : keys) {
      Object value = ExplainCommand.parse(key);
      try {
        out.printf(
            "key %s -> %s%n",
            key, rule == null ? ring.shardFor(value) : ring.shardFor(value, rule));
      } catch (RoutingException e) {
        out.printf("key %s -> refused: %s: %s%n", key, e.getSQLState(), e.getMessage());
        exit = ShardwiseCli.INVALID;
      }
    }
    return exit;
  }

  private static java.util.List<String> shardedTables(ShardMap map) {
    return map.tables().values().stream()
        .filter(TableRule::isSharded)
        .map(TableRule::name)
        .sorted()
        .toList();
  }
}
