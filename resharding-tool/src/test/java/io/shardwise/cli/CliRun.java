package io.shardwise.cli;

import io.shardwise.router.config.ShardMapLoader;
import io.shardwise.router.ring.HashRing;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import picocli.CommandLine;

/** One run of the CLI with its exit code and what it printed. */
record CliRun(int exitCode, String out, String err) {

  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = ShardwiseCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    CliRun run = new CliRun(code, out.toString(), err.toString());
    System.out.println("$ shardwise " + String.join(" ", args) + "\n" + run.out + run.err);
    return run;
  }

  static String map(String name) {
    try {
      return Path.of(CliRun.class.getResource("/maps/" + name).toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The ring of the test map {@code name}. */
  static HashRing ring(String name) throws Exception {
    var loaded = ShardMapLoader.load(Path.of(map(name)));
    return HashRing.of(loaded.ring(), loaded.shards());
  }

  /** The smallest key whose decimal text lands on another shard than the number on {@code ring}. */
  static long keyWhoseTextLandsElsewhere(HashRing ring) throws Exception {
    long key = 1;
    while (ring.shardFor(key).equals(ring.shardFor(Long.toString(key)))) {
      key++;
    }
    return key;
  }
}
