package io.shardwise.router;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.shardwise.router.config.ShardMap;
import io.shardwise.router.config.ShardSpec;
import io.shardwise.router.config.TableRule;
import io.shardwise.router.error.ErrorCode;
import io.shardwise.router.error.RoutingException;
import io.shardwise.router.merge.MergePlan;
import io.shardwise.router.ring.HashRing;
import io.shardwise.router.route.AnalysedStatement;
import io.shardwise.router.route.Destination;
import io.shardwise.router.route.NodeRole;
import io.shardwise.router.route.ParameterValues;
import io.shardwise.router.route.RoutePlan;
import io.shardwise.router.route.RoutePlan.PlacementReason;
import io.shardwise.router.route.RoutePlan.RoleReason;
import io.shardwise.router.route.SessionState;
import io.shardwise.router.route.SessionUse;
import io.shardwise.router.route.ShardSql;
import io.shardwise.router.sql.KeyValue;
import io.shardwise.router.sql.ListSplit;
import io.shardwise.router.sql.LiteralShape;
import io.shardwise.router.sql.ShapeTemplate;
import io.shardwise.router.sql.SqlAnalyzer;
import io.shardwise.router.sql.StatementKind;
import io.shardwise.router.sql.StatementTemplate;
import io.shardwise.router.sql.Target;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides where each statement goes. One router per shard map, shared by every connection: it holds
 * only immutable state and a concurrent cache, so routing takes no lock.
 */
public final class Router {

  /** Distinct SQL texts kept analysed; plain statements with inlined literals each take one. */
  private static final int TEMPLATE_CACHE_SIZE = 10_000;

  private final ShardMap map;
  private final HashRing ring;
  private final SqlAnalyzer analyzer;
  private final Cache<String, StatementTemplate> templates;
  private final Cache<String, ShapeTemplate> shapes;
  private final Map<String, Destination.Shard> shardDestinations = new HashMap<>();
  private final Destination.Shard defaultShard;
  private final Destination.AllShards allShards;
  private final Destination.Shards everyShardPart;

  /** The router of {@code map}, on the ring its ring section and shards describe. */
  public Router(ShardMap map) {
    this(map, HashRing.of(map.ring(), map.shards()));
  }

  public Router(ShardMap map, HashRing ring) {
    this.map = map;
    this.ring = ring;
    this.analyzer = new SqlAnalyzer(map);
    this.templates = Caffeine.newBuilder().maximumSize(TEMPLATE_CACHE_SIZE).build();
    this.shapes = Caffeine.newBuilder().maximumSize(TEMPLATE_CACHE_SIZE).build();
    for (ShardSpec shard : map.shards()) {
      shardDestinations.put(shard.name(), new Destination.Shard(shard.name()));
    }
    this.defaultShard = shardDestinations.get(map.defaultShard());
    this.allShards = new Destination.AllShards(ring.shardNames());
    this.everyShardPart = new Destination.Shards(ring.shardNames());
  }

  public ShardMap shardMap() {
    return map;
  }

  public HashRing ring() {
    return ring;
  }

  /** The analysed form of {@code sql}, from the cache when it was seen before. */
  public StatementTemplate analyse(String sql) {
    StatementTemplate template = templates.getIfPresent(sql);
    if (template != null) {
      return template;
    }
    // A plain statement with inlined literals: one analysis serves every value of its shape.
    LiteralShape shape = LiteralShape.of(sql, analyzer.dialects());
    if (shape != null) {
      ShapeTemplate known = shapes.getIfPresent(shape.key());
      if (known != null) {
        return known.instantiate(sql, shape);
      }
    }
    template = analyzer.analyse(sql);
    templates.put(sql, template);
    if (shape != null) {
      ShapeTemplate shared = ShapeTemplate.of(template, shape);
      if (shared != null) {
        shapes.put(shape.key(), shared);
      }
    }
    return template;
  }

  /**
   * The analysed form of {@code sql}, for a statement to route at each execution; refuses at once
   * SQL that no execution could route (the same error {@link #route} would throw).
   */
  public AnalysedStatement prepare(String sql) throws RoutingException {
    StatementTemplate template = analyse(sql);
    if (template.target() instanceof Target.Refused refused) {
      throw new RoutingException(refused.code(), refused.message());
    }
    return template;
  }

  /**
   * Loads and initialises what the first statement of a new runtime needs and its connecting thread
   * does not: the parser ({@link SqlAnalyzer#warmUp}) and the template caches' classes. Meant for a
   * background thread while the driver starts; never throws.
   */
  public static void warmUp() {
    SqlAnalyzer.warmUp();
    try {
      Caffeine.newBuilder().maximumSize(1).build().put("warm-up", "warm-up");
    } catch (RuntimeException e) {
      // Only the class loading matters here.
    }
  }

  /** Routes one execution of {@code sql}. */
  public RoutePlan route(String sql, ParameterValues parameters, SessionState session)
      throws RoutingException {
    return route(analyse(sql), parameters, session);
  }

  /**
   * Routes one execution of an analysed statement: the hot path of a prepared statement. It
   * allocates only the plan itself. Transaction control comes back as a {@link
   * RoutePlan.TransactionControl} for the driver to carry out; a statement that would change data
   * inside a read-only transaction is refused.
   */
  public RoutePlan route(
      AnalysedStatement statement, ParameterValues parameters, SessionState session)
      throws RoutingException {
    StatementTemplate template = (StatementTemplate) statement;
    if (template.target() instanceof Target.Transaction transaction) {
      return new RoutePlan.TransactionControl(transaction.action());
    }
    String apiHint = session.shardHint();
    RoutePlan plan =
        apiHint != null || template.target() instanceof Target.Hinted
            ? ShardHints.route(this, template, parameters, session, apiHint)
            : route(template, template.target(), parameters, session);
    if (session.readOnly()
        && session.inTransaction()
        && (!template.kind().isRead() || template.lockingRead())) {
      throw new RoutingException(
          ErrorCode.READ_ONLY_TRANSACTION,
          "This transaction is read-only, so it cannot run "
              + template.summary()
              + " ("
              + plan.roleReason().description()
              + "). Commit first, or call setReadOnly(false) before the transaction starts.");
    }
    return plan;
  }

  /** Routes {@code template} as if its target were {@code target}: the analysis without hints. */
  RoutePlan route(
      StatementTemplate template, Target target, ParameterValues parameters, SessionState session)
      throws RoutingException {
    Destination destination;
    PlacementReason placement;
    MergePlan merge = null;
    List<ShardSql> shardSql = null;
    if (target instanceof Target.ByKey byKey) {
      Object key = byKey.key().resolve(parameters);
      if (key == null) {
        throw nullKey(byKey);
      }
      destination = shardDestinations.get(ring.shardFor(key, byKey.table()));
      placement = PlacementReason.SHARD_KEY;
    } else if (target instanceof Target.ByKeys byKeys) {
      destination = shardsFor(byKeys.keys(), byKeys.keyTables(), parameters);
      placement = PlacementReason.SHARD_KEYS;
      merge = destination instanceof Destination.Shards ? byKeys.merge() : null;
      if (byKeys.prune() != null && destination instanceof Destination.Shards shards) {
        shardSql = cut(byKeys.prune(), byKeys.table(), shards, parameters);
      }
      if (merge == null
          && template.kind() == StatementKind.SELECT
          && destination instanceof Destination.Shards) {
        throw new RoutingException(
            ErrorCode.CROSS_SHARD,
            template.summary()
                + ": its subqueries, UNION branches or WITH parts fix shard keys that live on"
                + " different shards "
                + destination
                + "; such a query is answered only when all of it lives on one shard.");
      }
    } else if (target instanceof Target.ByRows byRows) {
      destination = rowShards(byRows, parameters);
      placement = PlacementReason.SHARD_KEYS;
      if (destination instanceof Destination.Shards shards) {
        shardSql = cut(byRows.rows(), byRows.table(), shards, parameters);
      }
    } else if (target instanceof Target.SameShard same) {
      destination = sameShard(same, parameters);
      placement = PlacementReason.SHARD_KEY;
    } else if (target instanceof Target.Scatter scatter) {
      destination = everyShardPart;
      placement = PlacementReason.SCATTER;
      merge = scatter.merge();
    } else if (target instanceof Target.DefaultShard fixed) {
      destination = defaultShard;
      placement = fixed.reason();
    } else if (target instanceof Target.EveryShard everywhere) {
      destination = allShards;
      placement = everywhere.reason();
    } else if (target instanceof Target.PreviousShard) {
      destination = previousShard(template, session);
      placement = PlacementReason.PREVIOUS_STATEMENT;
    } else if (target instanceof Target.Transaction transaction) {
      throw new RoutingException(
          ErrorCode.INVALID_USE,
          "Transaction control ("
              + transaction.action()
              + ") is carried out by the driver, not routed.");
    } else {
      Target.Refused refused = (Target.Refused) target;
      throw new RoutingException(refused.code(), refused.message());
    }
    RoleReason roleReason = roleReason(template, placement, session);
    return plan(template, destination, placement, roleReason, merge, shardSql);
  }

  /** Role and reason for a statement placed by a hint. */
  RoutePlan hintedPlan(StatementTemplate template, String shard, SessionState session) {
    RoleReason roleReason = roleReason(template, PlacementReason.HINT_SHARD, session);
    return plan(
        template, shardDestinations.get(shard), PlacementReason.HINT_SHARD, roleReason, null, null);
  }

  /** The plan's shape, from where it goes and whether it is merged or rewritten per shard. */
  private static RoutePlan plan(
      StatementTemplate template,
      Destination destination,
      PlacementReason placement,
      RoleReason roleReason,
      MergePlan merge,
      List<ShardSql> shardSql) {
    NodeRole role = roleReason == RoleReason.READ ? NodeRole.REPLICA : NodeRole.PRIMARY;
    SessionUse session = template.sessionUse();
    // Session state (SET, PREPARE, temporary tables, LOCK) changes no replicated data.
    boolean writes =
        (!template.kind().isRead() && session != SessionUse.PINS) || template.sideEffects();
    if (destination instanceof Destination.Shard shard) {
      return new RoutePlan.OneShard(shard, role, placement, roleReason, session, writes);
    }
    if (destination instanceof Destination.AllShards all) {
      return new RoutePlan.Copies(all, role, placement, roleReason, session, writes);
    }
    Destination.Shards shards = (Destination.Shards) destination;
    if (merge != null) {
      return new RoutePlan.Scatter(
          shards, merge, shardSql, role, placement, roleReason, session, writes);
    }
    if (shardSql != null) {
      return new RoutePlan.PerShardSql(
          shards, shardSql, role, placement, roleReason, session, writes);
    }
    return new RoutePlan.Parts(shards, role, placement, roleReason, session, writes);
  }

  /** Each row's shard; every row must have a non-NULL key. */
  private Destination rowShards(Target.ByRows byRows, ParameterValues parameters)
      throws RoutingException {
    for (KeyValue key : byRows.rows().keys()) {
      if (key.resolve(parameters) == null) {
        throw new RoutingException(
            ErrorCode.NULL_SHARD_KEY,
            "The shard key "
                + byRows.table().name()
                + "."
                + byRows.table().shardKey()
                + " of a row is NULL (bound to "
                + key
                + "); a row without a shard key has no owning shard.");
      }
    }
    List<KeyValue> keys = byRows.rows().keys();
    return shardsFor(keys, Collections.nCopies(keys.size(), byRows.table()), parameters);
  }

  /** The one shard all of the target's values land on, or the target's refusal. */
  private Destination sameShard(Target.SameShard same, ParameterValues parameters)
      throws RoutingException {
    String shard = null;
    StringBuilder values = new StringBuilder();
    boolean split = false;
    for (int k = 0; k < same.keys().size(); k++) {
      KeyValue key = same.keys().get(k);
      TableRule table = same.keyTables().get(k);
      Object value = key.resolve(parameters);
      if (value == null) {
        throw new RoutingException(
            ErrorCode.NULL_SHARD_KEY,
            "The shard key "
                + table.name()
                + "."
                + table.shardKey()
                + " is NULL ("
                + key
                + "); a row without a shard key has no owning shard.");
      }
      String owner = ring.shardFor(value, table);
      values.append(values.length() == 0 ? "" : ", ").append(key).append(" → ").append(owner);
      split |= shard != null && !shard.equals(owner);
      shard = shard == null ? owner : shard;
    }
    if (split) {
      throw new RoutingException(same.code(), same.reason() + " [" + values + "]");
    }
    return shardDestinations.get(shard);
  }

  /** Each shard's text of a split statement: its own items only, all keys of {@code table}. */
  private List<ShardSql> cut(
      ListSplit split, TableRule table, Destination.Shards shards, ParameterValues parameters)
      throws RoutingException {
    List<KeyValue> keys = split.keys();
    String[] owners = new String[keys.size()];
    for (int i = 0; i < owners.length; i++) {
      Object value = keys.get(i).resolve(parameters);
      owners[i] = value == null ? null : ring.shardFor(value, table);
    }
    List<ShardSql> statements = new ArrayList<>(shards.names().size());
    for (String shard : shards.names()) {
      boolean[] keep = new boolean[owners.length];
      boolean any = false;
      for (int i = 0; i < owners.length; i++) {
        keep[i] = shard.equals(owners[i]) || (owners[i] == null && split.keepsNulls());
        any |= shard.equals(owners[i]);
      }
      if (!any) {
        keep[0] = true; // an IN list never becomes empty; a value of another shard matches nothing
      }
      statements.add(split.cut(shard, keep));
    }
    return statements;
  }

  /**
   * The shards owning any of the values, each of the table at its index in {@code tables}; one
   * shard is a plain {@link Destination.Shard}. When every value is NULL the statement matches no
   * row anywhere, so the default shard answers it.
   */
  private Destination shardsFor(
      List<KeyValue> keys, List<TableRule> tables, ParameterValues parameters)
      throws RoutingException {
    boolean[] hit = new boolean[allShards.names().size()];
    int hits = 0;
    String last = null;
    for (int k = 0; k < keys.size(); k++) {
      Object value = keys.get(k).resolve(parameters);
      if (value != null) {
        last = ring.shardFor(value, tables.get(k));
        int i = allShards.names().indexOf(last);
        if (!hit[i]) {
          hit[i] = true;
          hits++;
        }
      }
    }
    if (hits == 0) {
      return defaultShard;
    }
    if (hits == 1) {
      return shardDestinations.get(last);
    }
    List<String> names = new ArrayList<>(hits);
    for (int i = 0; i < hit.length; i++) {
      if (hit[i]) {
        names.add(allShards.names().get(i));
      }
    }
    return new Destination.Shards(names);
  }

  private Destination previousShard(StatementTemplate template, SessionState session)
      throws RoutingException {
    String shard = session.previousShard();
    if (shard == null) {
      throw new RoutingException(
          ErrorCode.UNSUPPORTED,
          template.summary()
              + " reads what the previous statement left in its session (LAST_INSERT_ID(),"
              + " currval(), …), but with autocommit on that statement's physical connection has"
              + " already gone back to its pool. Use getGeneratedKeys(), or run both statements in"
              + " one transaction.");
    }
    return shardDestinations.get(shard);
  }

  private static RoutingException nullKey(Target.ByKey byKey) {
    return new RoutingException(
        ErrorCode.NULL_SHARD_KEY,
        "The shard key "
            + byKey.table().name()
            + "."
            + byKey.table().shardKey()
            + " is NULL (bound to "
            + byKey.key()
            + "); a row without a shard key has no owning shard.");
  }

  private static RoleReason roleReason(
      StatementTemplate template, PlacementReason placement, SessionState session) {
    if (template.sessionUse() == SessionUse.PINS) {
      return RoleReason.SESSION_STATE;
    }
    if (!template.kind().isRead()) {
      return switch (placement) {
        case UNANALYSABLE_DEFAULT -> RoleReason.UNANALYSABLE;
        case PROCEDURE_CALL -> RoleReason.PROCEDURE_CALL;
        case LOCK -> RoleReason.LOCK;
        default -> RoleReason.WRITE;
      };
    }
    if (template.lockingRead()) {
      return RoleReason.LOCKING_READ;
    }
    if (template.sideEffects()) {
      return RoleReason.SIDE_EFFECT;
    }
    if (session.pinned()) {
      return RoleReason.PINNED;
    }
    if (template.sessionUse() == SessionUse.READS_PREVIOUS_RESULT) {
      return RoleReason.PREVIOUS_STATEMENT;
    }
    if (template.primaryHint() || session.forcePrimary()) {
      return RoleReason.HINT;
    }
    if (session.inTransaction() && !session.readOnly()) {
      return RoleReason.READ_WRITE_TRANSACTION;
    }
    return RoleReason.READ;
  }

  /** The shard names in ring order of names, for statements that run everywhere. */
  public List<String> shardNames() {
    return allShards.names();
  }
}
