package io.shardwise.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code shardwise} command line. */
@Command(
    name = "shardwise",
    mixinStandardHelpOptions = true,
    versionProvider = ShardwiseCli.Version.class,
    description = "Validates shard maps, explains routing and runs a demo on embedded H2.",
    subcommands = {
      DemoCommand.class,
      ValidateCommand.class,
      ExplainCommand.class,
      RingCommand.class,
      ReshardCommand.class,
      CommandLine.HelpCommand.class
    })
public final class ShardwiseCli {

  /** Exit code of a command whose input is invalid (a bad shard map, a refused statement). */
  static final int INVALID = 1;

  /** Exit code of a command that failed while running (a database error, an I/O error). */
  static final int FAILED = 2;

  public static void main(String[] args) {
    CommandLine commandLine = commandLine();
    int exitCode = commandLine.execute(args);
    // picocli's writers buffer; System.exit would drop what they hold.
    commandLine.getOut().flush();
    commandLine.getErr().flush();
    System.exit(exitCode);
  }

  static CommandLine commandLine() {
    return new CommandLine(new ShardwiseCli())
        .setExecutionStrategy(ShardwiseCli::runWithoutStackTraces)
        .setExecutionExceptionHandler(
            (e, commandLine, parseResult) -> {
              commandLine.getErr().println("shardwise: " + describe(e));
              return FAILED;
            });
  }

  /**
   * Runs the command; an {@link Error} that escapes it (picocli hands only exceptions to the
   * handler above) is one line too, never a stack trace, since its text could quote the input.
   */
  private static int runWithoutStackTraces(CommandLine.ParseResult parseResult) {
    try {
      return new CommandLine.RunLast().execute(parseResult);
    } catch (StackOverflowError | OutOfMemoryError e) {
      CommandLine commandLine = parseResult.commandSpec().commandLine();
      commandLine
          .getErr()
          .println(
              "shardwise: the command ran out of "
                  + (e instanceof StackOverflowError ? "stack" : "memory")
                  + " and stopped; its input may be larger or deeper than it supports.");
      return FAILED;
    }
  }

  /** An error as one line: SQLState and message, no stack trace. */
  static String describe(Exception e) {
    if (e instanceof java.sql.SQLException sql) {
      return sql.getMessage() + " (SQLState " + sql.getSQLState() + ")";
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = ShardwiseCli.class.getPackage().getImplementationVersion();
      return new String[] {"shardwise " + (version == null ? "development build" : version)};
    }
  }
}
