package io.shardwise.router;

import io.shardwise.router.error.ErrorCode;
import io.shardwise.router.error.RoutingException;
import io.shardwise.router.route.ParameterValues;
import io.shardwise.router.route.RoutePlan;
import io.shardwise.router.route.SessionState;
import io.shardwise.router.sql.StatementTemplate;
import io.shardwise.router.sql.Target;

/**
 * Routes a statement under a shard hint: a {@code shardwise:shard=NAME} comment, or {@code
 * ShardwiseConnection.setShardHint} (the comment wins when both are given). The statement goes to
 * the named shard unchanged, with the role it would have had. Two cases keep their analysis: a
 * refusal stays a refusal, and a statement whose shard key picks a shard must agree with the hint,
 * so that a hint can never write a row onto a shard that does not own it.
 */
final class ShardHints {

  private ShardHints() {}

  static RoutePlan route(
      Router router,
      StatementTemplate template,
      ParameterValues parameters,
      SessionState session,
      String apiHint)
      throws RoutingException {
    Target target = template.target();
    String shard = apiHint;
    String source = "ShardwiseConnection.setShardHint(\"" + apiHint + "\")";
    if (target instanceof Target.Hinted hinted) {
      shard = hinted.shard();
      target = hinted.analysed();
      source = "the hint shardwise:shard=" + shard;
    }
    if (!router.shardNames().contains(shard)) {
      throw new RoutingException(
          ErrorCode.SHARD_HINT,
          source + " names no shard of the map; its shards are " + router.shardNames() + ".");
    }
    if (target instanceof Target.ByKey
        || target instanceof Target.ByRows
        || target instanceof Target.SameShard) {
      RoutePlan byKey = router.route(template, target, parameters, session);
      if (!byKey.destination().equals(router.hintedPlan(template, shard, session).destination())) {
        throw new RoutingException(
            ErrorCode.SHARD_HINT,
            template.summary()
                + ": "
                + source
                + " disagrees with the shard key, which picks "
                + byKey.destination()
                + "; remove the hint, or fix the key.");
      }
      return byKey;
    }
    if (target instanceof Target.Refused || target instanceof Target.Transaction) {
      router.route(template, target, parameters, session); // throws the analysis' error
    }
    return router.hintedPlan(template, shard, session);
  }
}
