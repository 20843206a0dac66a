package io.shardwise.cli;

import io.shardwise.router.RouteExplainer;
import io.shardwise.router.Router;
import io.shardwise.router.config.ShardMap;
import io.shardwise.router.config.ShardMapException;
import io.shardwise.router.config.ShardMapLoader;
import io.shardwise.router.ring.HashRing;
import io.shardwise.router.route.ParameterValues;
import io.shardwise.router.route.SessionState;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints where a statement would go and why, without connecting to any database. */
@Command(
    name = "explain",
    description = "Show the route of a statement: shard(s), node role and the rules that applied.",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:the statement routes",
      "1:the map is invalid or shardwise would refuse the statement"
    })
final class ExplainCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MAP", description = "the shard map YAML file")
  Path map;

  @Parameters(index = "1", paramLabel = "SQL", description = "the statement, in quotes")
  String sql;

  @Option(
      names = {"-p", "--param"},
      paramLabel = "VALUE",
      description =
          "a value for the next ? parameter; whole numbers bind as numbers, anything else (or"
              + " str:VALUE) as a string, 'null' as NULL")
  List<String> params = new ArrayList<>();

  @Option(
      names = "--in-transaction",
      description = "explain as if autocommit were off (a read-write transaction)")
  boolean inTransaction;

  @Option(names = "--read-only", description = "explain as if the connection were read-only")
  boolean readOnly;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ShardMap loaded;
    try {
      loaded = ShardMapLoader.load(map);
    } catch (ShardMapException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return ShardwiseCli.INVALID;
    }
    Router router = new Router(loaded, HashRing.of(loaded.ring(), loaded.shards()));
    List<Object> values = new ArrayList<>();
    params.forEach(p -> values.add(parse(p)));
    RouteExplainer.Explanation explanation =
        new RouteExplainer(router).explain(sql, ParameterValues.of(values), session());
    out.print(explanation);
    return explanation.refused() ? ShardwiseCli.INVALID : 0;
  }

  static Object parse(String value) {
    if (value.equals("null")) {
      return null;
    }
    if (value.startsWith("str:")) {
      return value.substring(4);
    }
    if (value.matches("-?\\d+")) {
      BigInteger number = new BigInteger(value);
      return number.bitLength() < 64 ? (Object) number.longValue() : number;
    }
    return value;
  }

  private SessionState session() {
    return new SessionState() {
      @Override
      public boolean inTransaction() {
        return inTransaction;
      }

      @Override
      public boolean readOnly() {
        return readOnly;
      }

      @Override
      public boolean forcePrimary() {
        return false;
      }
    };
  }
}
