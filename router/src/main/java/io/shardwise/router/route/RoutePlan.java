package io.shardwise.router.route;

import io.shardwise.router.merge.MergePlan;

/**
 * The routing decision for one execution of a statement.
 *
 * @param destination the shard(s) it goes to
 * @param role which node of each shard
 * @param placement why these shards
 * @param roleReason why this role
 * @param merge how the shards' results recombine, for a SELECT on {@link Destination.Shards}; null
 *     otherwise
 * @param shardSql the statement each shard of {@link Destination.Shards} runs, in destination
 *     order, when the router rewrote it per shard (multi-row INSERT split, IN list pruned); null
 *     when every shard runs the same SQL
 */
public record RoutePlan(
    Destination destination,
    NodeRole role,
    PlacementReason placement,
    RoleReason roleReason,
    MergePlan merge,
    java.util.List<ShardSql> shardSql) {

  public RoutePlan(
      Destination destination,
      NodeRole role,
      PlacementReason placement,
      RoleReason roleReason,
      MergePlan merge) {
    this(destination, role, placement, roleReason, merge, null);
  }

  /** Why a statement goes to the shards it goes to. */
  public enum PlacementReason {
    SHARD_KEY("the shard key's value picks the shard on the ring"),
    SHARD_KEYS("the shard-key values the WHERE clause allows pick the shards on the ring"),
    SCATTER(
        "the WHERE clause does not restrict the shard key to a list of values, so every shard"
            + " holds part of the answer"),
    DEFAULT_SHARD("the statement touches only tables that live on the default shard"),
    BROADCAST_READ("a broadcast table has a full copy on every shard; reads use the default shard"),
    BROADCAST_WRITE("a broadcast table is written on every shard"),
    DDL_EVERYWHERE("DDL on a sharded or broadcast table runs on every shard"),
    NO_TABLE("the statement reads no table; the default shard answers it"),
    UNANALYSABLE_DEFAULT(
        "the statement could not be analysed; policy 'unanalysable: default-primary' sends it to"
            + " the default shard's primary"),
    HINT_SHARD("a shard=NAME hint picked the shard"),
    SESSION_STATE(
        "session state (SET, PREPARE) is set on the primaries, which the connection then keeps"),
    LOCK(
        "a LOCK runs on the shards that hold the table: every shard for sharded or broadcast"
            + " tables, else the default shard"),
    PROCEDURE_CALL(
        "stored procedures run on the default shard's primary; they must touch only tables that"
            + " live there"),
    PREVIOUS_STATEMENT(
        "it reads what the previous statement left in its session, so it runs on that"
            + " statement's shard and connection");

    private final String description;

    PlacementReason(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  /** Why a statement needs the role it has. */
  public enum RoleReason {
    WRITE("writes go to the primary"),
    LOCKING_READ("a locking read (FOR UPDATE/SHARE) goes to the primary"),
    READ_WRITE_TRANSACTION("inside a read-write transaction every statement goes to the primary"),
    HINT("a primary hint or the forcePrimary API forces the primary"),
    SIDE_EFFECT("it calls a function that writes or locks (nextval, GET_LOCK, …): primary"),
    SESSION_STATE("it sets or uses session state, which lives on the primaries' connections"),
    PINNED("the connection holds session state, so it stays on the primaries until closed"),
    PROCEDURE_CALL("stored procedure calls go to the primary"),
    LOCK("locks are taken on the primary"),
    PREVIOUS_STATEMENT("it must run on the previous statement's connection: the primary"),
    READ("a read outside a read-write transaction goes to a replica"),
    UNANALYSABLE("SQL that could not be analysed goes to the primary");

    private final String description;

    RoleReason(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  @Override
  public String toString() {
    return destination + " on " + role;
  }
}
