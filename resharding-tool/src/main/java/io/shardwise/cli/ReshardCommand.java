package io.shardwise.cli;

import picocli.CommandLine.Command;

/** {@code shardwise reshard}: the offline resharding procedure, one subcommand per step. */
@Command(
    name = "reshard",
    mixinStandardHelpOptions = true,
    description = {
      "Move rows to a new shard map, offline: freeze writes, then",
      "plan -> copy -> verify -> switch the application to the new map -> cleanup.",
      "Every step is resumable and safe to rerun; see docs/resharding.md."
    },
    subcommands = {
      ReshardPlanCommand.class,
      ReshardCopyCommand.class,
      ReshardVerifyCommand.class,
      ReshardCleanupCommand.class,
      ReshardStatusCommand.class,
    })
final class ReshardCommand {}
