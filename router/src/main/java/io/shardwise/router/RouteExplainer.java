package io.shardwise.router;

import io.shardwise.router.config.TableRule;
import io.shardwise.router.error.RoutingException;
import io.shardwise.router.ring.ShardKeyHasher;
import io.shardwise.router.route.Destination;
import io.shardwise.router.route.NodeRole;
import io.shardwise.router.route.ParameterValues;
import io.shardwise.router.route.RoutePlan;
import io.shardwise.router.route.SessionState;
import io.shardwise.router.route.ShardSql;
import io.shardwise.router.sql.KeyValue;
import io.shardwise.router.sql.StatementTemplate;
import io.shardwise.router.sql.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Explains a routing decision in words, for {@code shardwise explain} and for debugging: the
 * statement, the shard key and its hash, the destination and role, and the rules that applied.
 */
public final class RouteExplainer {

  private final Router router;

  public RouteExplainer(Router router) {
    this.router = router;
  }

  /** The explanation as ordered label/value lines; a refusal is reported, not thrown. */
  public Explanation explain(String sql, ParameterValues parameters, SessionState session) {
    StatementTemplate template = router.analyse(sql);
    Map<String, String> lines = new LinkedHashMap<>();
    lines.put("statement", template.summary() + " (" + template.kind() + ")");
    Target target = template.target();
    if (target instanceof Target.Transaction transaction) {
      lines.put(
          "route",
          "none: the driver carries out "
              + transaction.action()
              + " on every shard the"
              + " transaction touches");
      return new Explanation(lines, false);
    }
    if (template.sessionUse() != io.shardwise.router.route.SessionUse.NONE) {
      lines.put("session", template.sessionUse().toString());
    }
    if (target instanceof Target.ByKey byKey) {
      TableRule table = byKey.table();
      lines.put(
          "shard key",
          table.name()
              + "."
              + table.shardKey()
              + " = "
              + byKey.key()
              + (table.keyType() == null ? "" : " (keyType " + table.keyType().configName() + ")"));
      if (byKey.key() instanceof KeyValue.Parameter p && !parameters.isSet(p.index())) {
        lines.put(
            "shard",
            "decided at each execution by the value bound to ?"
                + p.index()
                + " (pass --param to see it)");
        try {
          RoutePlan plan = router.route(template, ANY_KEY, session);
          lines.put("role", plan.role() + ": " + plan.roleReason().description());
        } catch (RoutingException e) {
          lines.put("role", "unknown: " + e.getMessage());
        }
        return new Explanation(lines, false);
      }
    }
    try {
      RoutePlan plan = router.route(template, parameters, session);
      if (target instanceof Target.ByKey byKey) {
        Object value = byKey.key().resolve(parameters);
        Object converted = ShardKeyHasher.convert(value, byKey.table());
        lines.put(
            "hash",
            "xxh64("
                + describe(converted)
                + ") = "
                + String.format("0x%016x", ShardKeyHasher.hash(value, byKey.table()))
                + (converted == value
                    ? ""
                    : ", converted from "
                        + describe(value)
                        + " by keyType "
                        + byKey.table().keyType().configName()));
      }
      lines.put("route", plan.toString());
      lines.put("shards", plan.placement().description());
      if (plan.shardSql() != null) {
        for (ShardSql part : plan.shardSql()) {
          lines.put("sql " + part.shard(), part.sql());
          lines.put("params " + part.shard(), parametersOf(part, parameters));
        }
      } else if (plan.merge() != null) {
        lines.put("shard sql", plan.merge().shardSql());
      }
      if (plan.merge() != null) {
        List<String> steps = plan.merge().steps();
        for (int i = 0; i < steps.size(); i++) {
          lines.put(i == 0 ? "merge" : "merge " + (i + 1), steps.get(i));
        }
      } else if (plan.destination() instanceof Destination.Shards) {
        lines.put(
            "counts",
            "the statement runs on each shard; the update counts add up (not atomic across"
                + " shards outside a transaction)");
      }
      lines.put("role", plan.role() + ": " + plan.roleReason().description());
      if (plan.role() == NodeRole.REPLICA) {
        lines.put(
            "replica",
            "chosen by '"
                + router.shardMap().reads().strategy().configName()
                + "'; the primary if the shard has none ('whenNoReplica: "
                + router.shardMap().reads().whenNoReplica().configName()
                + "')");
      }
      return new Explanation(lines, false);
    } catch (RoutingException e) {
      lines.put("refused", e.getSQLState() + ": " + e.getMessage());
      return new Explanation(lines, true);
    }
  }

  /** "?1 = param 2 (42), ?2 = param 4 ('x')": where each ? of a rewritten statement comes from. */
  private static String parametersOf(ShardSql part, ParameterValues parameters) {
    if (part.parameters().length == 0) {
      return "none";
    }
    StringBuilder sb = new StringBuilder();
    for (int j = 0; j < part.parameters().length; j++) {
      int from = part.parameters()[j];
      sb.append(j == 0 ? "" : ", ").append('?').append(j + 1).append(" = param ").append(from);
      if (parameters.isSet(from)) {
        Object value = parameters.value(from);
        sb.append(" (").append(value instanceof String s ? "'" + s + "'" : value).append(')');
      }
    }
    return sb.toString() + " (bound as parameters, never written into the SQL)";
  }

  /** Any bound value: the role does not depend on the key, only on statement and session. */
  private static final ParameterValues ANY_KEY =
      new ParameterValues() {
        @Override
        public boolean isSet(int index) {
          return true;
        }

        @Override
        public Object value(int index) {
          return 0L;
        }
      };

  private static String describe(Object value) {
    return value instanceof String s
        ? "'" + s + "'"
        : value + " as " + value.getClass().getSimpleName();
  }

  /**
   * An explanation.
   *
   * @param lines label and text, in print order
   * @param refused true when the statement would be refused
   */
  public record Explanation(Map<String, String> lines, boolean refused) {

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      lines.forEach((label, text) -> sb.append(String.format("%-10s %s%n", label, text)));
      return sb.toString();
    }
  }
}
