package io.shardwise.cli;

import io.shardwise.router.config.ConfigError;
import io.shardwise.router.config.ShardMap;
import io.shardwise.router.config.ShardMapException;
import io.shardwise.router.config.ShardMapLoader;
import io.shardwise.router.config.ShardSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Checks a shard map and prints every mistake in it, each with its field path. */
@Command(
    name = "validate",
    description = "Check a shard map file; print every error with its field path.",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:the map is valid", "1:the map has errors"})
final class ValidateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MAP", description = "the shard map YAML file")
  Path map;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      ShardMap loaded = ShardMapLoader.load(map);
      int nodes = 0;
      for (ShardSpec shard : loaded.shards()) {
        nodes += 1 + shard.replicas().size();
      }
      out.printf(
          "%s is valid: %d shards (%d nodes), %d table rules, default shard %s, ring %s x %d"
              + " virtual nodes.%n",
          map,
          loaded.shards().size(),
          nodes,
          loaded.tables().size(),
          loaded.defaultShard(),
          loaded.ring().hash(),
          loaded.ring().virtualNodes());
      return 0;
    } catch (ShardMapException e) {
      err.printf(
          "%s is invalid: %d %s%n",
          map, e.errors().size(), e.errors().size() == 1 ? "error" : "errors");
      for (ConfigError error : e.errors()) {
        err.printf("  %s%n", error);
      }
      return ShardwiseCli.INVALID;
    }
  }
}
