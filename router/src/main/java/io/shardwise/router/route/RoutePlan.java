package io.shardwise.router.route;

import io.shardwise.router.merge.MergePlan;
import java.util.List;

/**
 * The routing decision for one execution of a statement: everything the driver needs to run it. The
 * router decides its {@link Shape} (how the statement runs: on one shard, as parts of one answer on
 * several shards, as copies on every shard, ...), the role of the nodes, the session effect and
 * whether it changes replicated data; the driver runs a plan with one switch over {@link #shape()}
 * and re-derives nothing.
 *
 * <p>Printable as is: {@code Shard(s2) on REPLICA}.
 */
public sealed interface RoutePlan
    permits RoutePlan.OneShard,
        RoutePlan.Parts,
        RoutePlan.PerShardSql,
        RoutePlan.Copies,
        RoutePlan.Scatter,
        RoutePlan.TransactionControl {

  /** How a plan runs; one constant per record of this interface. */
  enum Shape {
    /** {@link OneShard}: the statement as written, on one shard. */
    ONE_SHARD,
    /** {@link Parts}: the same write on several shards, each holding part of the rows. */
    PARTS,
    /** {@link PerShardSql}: a write the router rewrote for each shard. */
    PER_SHARD_SQL,
    /** {@link Copies}: the same statement on every shard, each holding a copy. */
    COPIES,
    /** {@link Scatter}: a query on several shards, its rows merged by a {@link MergePlan}. */
    SCATTER,
    /** {@link TransactionControl}: no shard; the driver begins or ends its transaction. */
    TRANSACTION_CONTROL
  }

  Shape shape();

  /** The shard(s) it goes to; null for {@link TransactionControl}. */
  Destination destination();

  /** Which node of each shard. */
  NodeRole role();

  /** Why these shards. */
  PlacementReason placement();

  /** Why this role. */
  RoleReason roleReason();

  /**
   * How it depends on the physical session it runs on: {@link SessionUse#PINS} keeps the logical
   * connection on the primaries' connections from now on.
   */
  SessionUse session();

  /**
   * It changes replicated data (a write other than session state, or a function with side effects):
   * read-your-writes records the position of its commit.
   */
  boolean writes();

  /** How the shards' rows recombine: a {@link Scatter}'s; null for every other shape. */
  default MergePlan merge() {
    return null;
  }

  /**
   * The statement each shard runs, in destination order, when the router rewrote it per shard
   * ({@link PerShardSql}, or a {@link Scatter} whose IN list it pruned); null when every shard runs
   * the same SQL.
   */
  default List<ShardSql> shardSql() {
    return null;
  }

  /** The statement as written, on one shard. */
  record OneShard(
      Destination.Shard destination,
      NodeRole role,
      PlacementReason placement,
      RoleReason roleReason,
      SessionUse session,
      boolean writes)
      implements RoutePlan {
    @Override
    public Shape shape() {
      return Shape.ONE_SHARD;
    }

    @Override
    public String toString() {
      return destination + " on " + role;
    }
  }

  /** An UPDATE/DELETE on several shards, each holding different rows: the counts add up. */
  record Parts(
      Destination.Shards destination,
      NodeRole role,
      PlacementReason placement,
      RoleReason roleReason,
      SessionUse session,
      boolean writes)
      implements RoutePlan {
    @Override
    public Shape shape() {
      return Shape.PARTS;
    }

    @Override
    public String toString() {
      return destination + " on " + role;
    }
  }

  /**
   * A write rewritten for each shard (a multi-row INSERT split, an IN list pruned): each shard runs
   * its own SQL and the counts add up.
   */
  record PerShardSql(
      Destination.Shards destination,
      List<ShardSql> shardSql,
      NodeRole role,
      PlacementReason placement,
      RoleReason roleReason,
      SessionUse session,
      boolean writes)
      implements RoutePlan {
    @Override
    public Shape shape() {
      return Shape.PER_SHARD_SQL;
    }

    @Override
    public String toString() {
      return destination + " on " + role;
    }
  }

  /** DDL or a broadcast write on every shard, each holding a copy: each reports the same count. */
  record Copies(
      Destination.AllShards destination,
      NodeRole role,
      PlacementReason placement,
      RoleReason roleReason,
      SessionUse session,
      boolean writes)
      implements RoutePlan {
    @Override
    public Shape shape() {
      return Shape.COPIES;
    }

    @Override
    public String toString() {
      return destination + " on " + role;
    }
  }

  /**
   * A SELECT on several shards, run in parallel and recombined by {@code merge}; {@code shardSql}
   * is each shard's pruned text, or null when every shard runs {@code merge.shardSql()}.
   */
  record Scatter(
      Destination.Shards destination,
      MergePlan merge,
      List<ShardSql> shardSql,
      NodeRole role,
      PlacementReason placement,
      RoleReason roleReason,
      SessionUse session,
      boolean writes)
      implements RoutePlan {
    @Override
    public Shape shape() {
      return Shape.SCATTER;
    }

    @Override
    public String toString() {
      return destination + " on " + role;
    }
  }

  /**
   * Transaction control written as SQL (BEGIN, COMMIT, ...): it goes to no shard; the driver
   * carries it out as the JDBC calls would, on every shard the transaction touched.
   */
  record TransactionControl(TransactionAction action) implements RoutePlan {
    @Override
    public Shape shape() {
      return Shape.TRANSACTION_CONTROL;
    }

    @Override
    public Destination destination() {
      return null;
    }

    @Override
    public NodeRole role() {
      return NodeRole.PRIMARY;
    }

    @Override
    public PlacementReason placement() {
      return PlacementReason.TRANSACTION_CONTROL;
    }

    @Override
    public RoleReason roleReason() {
      return RoleReason.TRANSACTION_CONTROL;
    }

    @Override
    public SessionUse session() {
      return SessionUse.NONE;
    }

    @Override
    public boolean writes() {
      return false;
    }

    @Override
    public String toString() {
      return "none: the driver carries out " + action;
    }
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
            + " statement's shard and connection"),
    TRANSACTION_CONTROL(
        "transaction control goes to no shard: the driver ends the transaction on every shard it"
            + " touched");

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
    UNANALYSABLE("SQL that could not be analysed goes to the primary"),
    TRANSACTION_CONTROL("transaction control acts on the nodes the transaction holds");

    private final String description;

    RoleReason(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }
}
