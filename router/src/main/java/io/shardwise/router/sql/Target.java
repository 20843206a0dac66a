package io.shardwise.router.sql;

import io.shardwise.router.config.TableRule;
import io.shardwise.router.error.ErrorCode;
import io.shardwise.router.merge.MergePlan;
import io.shardwise.router.route.RoutePlan.PlacementReason;
import io.shardwise.router.route.TransactionAction;
import java.util.Collections;
import java.util.List;

/** Which shards a statement template needs, before parameter values are known. */
public sealed interface Target
    permits Target.ByKey,
        Target.ByKeys,
        Target.ByRows,
        Target.SameShard,
        Target.Hinted,
        Target.Scatter,
        Target.DefaultShard,
        Target.EveryShard,
        Target.PreviousShard,
        Target.Transaction,
        Target.Refused {

  /** One shard, picked by the shard-key value of {@code table}. */
  record ByKey(TableRule table, KeyValue key) implements Target {}

  /**
   * The shards that own any of {@code keys} (an IN list, an OR of equalities). NULL values match no
   * row and pick no shard. When the values land on one shard the statement runs there unchanged;
   * otherwise as a scatter on those shards, recombined by {@code merge} (null for UPDATE/DELETE,
   * whose counts add up). {@code keyTables} holds the table of each key, whose key type converts
   * it: {@code table} for every key, but for a SELECT whose subqueries or UNION branches fix the
   * keys of several tables.
   */
  record ByKeys(
      TableRule table,
      List<KeyValue> keys,
      List<TableRule> keyTables,
      MergePlan merge,
      ListSplit prune)
      implements Target {
    public ByKeys {
      keys = List.copyOf(keys);
      keyTables = List.copyOf(keyTables);
      if (keyTables.size() != keys.size()) {
        throw new IllegalArgumentException(
            keys.size() + " keys but " + keyTables.size() + " tables");
      }
    }

    public ByKeys(TableRule table, List<KeyValue> keys, MergePlan merge, ListSplit prune) {
      this(table, keys, Collections.nCopies(keys.size(), table), merge, prune);
    }

    public ByKeys(TableRule table, List<KeyValue> keys, MergePlan merge) {
      this(table, keys, merge, null);
    }
  }

  /**
   * A multi-row INSERT into a sharded table: each row goes to the owner of its key. Rows that all
   * land on one shard run there unchanged; otherwise each shard receives only its rows ({@code
   * rows} cuts the text) and the update counts add up.
   */
  record ByRows(TableRule table, ListSplit rows) implements Target {}

  /**
   * One shard, provided every value of {@code keys} lands on it: an UPDATE that sets the shard key
   * to a value of the row's own shard, an INSERT ... SELECT between co-located rows. Decided at
   * each execution with the bound values; otherwise refused with {@code code} and {@code reason}.
   * {@code keyTables} holds the table of each key, whose key type converts it (an INSERT ... SELECT
   * reads the key of one table and writes that of another).
   */
  record SameShard(
      TableRule table,
      List<KeyValue> keys,
      List<TableRule> keyTables,
      ErrorCode code,
      String reason)
      implements Target {
    public SameShard {
      keys = List.copyOf(keys);
      keyTables = List.copyOf(keyTables);
      if (keyTables.size() != keys.size()) {
        throw new IllegalArgumentException(
            keys.size() + " keys but " + keyTables.size() + " tables");
      }
    }

    /** Every key is one of {@code table}'s. */
    public SameShard(TableRule table, List<KeyValue> keys, ErrorCode code, String reason) {
      this(table, keys, Collections.nCopies(keys.size(), table), code, reason);
    }
  }

  /**
   * A {@code shardwise:shard=NAME} comment hint sends the statement to {@code shard}. {@code
   * analysed} is what the statement would do without the hint: a statement whose key is known must
   * agree with the hint (a row is never written to a shard that does not own it), a refusal stays a
   * refusal, transaction control stays the driver's.
   */
  record Hinted(String shard, Target analysed) implements Target {}

  /**
   * Every shard holds part of the answer: a SELECT recombined by {@code merge}, or an UPDATE/DELETE
   * (merge null) whose counts add up.
   */
  record Scatter(MergePlan merge) implements Target {}

  /** The default shard. */
  record DefaultShard(PlacementReason reason) implements Target {}

  /** Every shard. */
  record EveryShard(PlacementReason reason) implements Target {}

  /**
   * The shard the previous statement of the connection ran on: for statements that read what that
   * statement left in its session (LAST_INSERT_ID(), currval()).
   */
  record PreviousShard() implements Target {}

  /** Transaction control carried out by the driver itself, on no shard in particular. */
  record Transaction(TransactionAction action) implements Target {}

  /** Not routable: every execution fails with this code and message. */
  record Refused(ErrorCode code, String message) implements Target {}
}
