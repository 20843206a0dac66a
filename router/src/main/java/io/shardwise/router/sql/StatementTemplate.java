package io.shardwise.router.sql;

import io.shardwise.router.route.AnalysedStatement;
import io.shardwise.router.route.SessionUse;

/**
 * What the router learned from one SQL text, independent of parameter values. Immutable and cached,
 * so a prepared statement is analysed once however often it runs.
 *
 * @param sql the SQL text as the application wrote it
 * @param kind read, write or DDL
 * @param target which shards it needs
 * @param lockingRead a SELECT ... FOR UPDATE/SHARE, which must run on the primary
 * @param sideEffects it calls a function that writes or takes a lock (nextval, GET_LOCK, …), so it
 *     must run on the primary even as a SELECT
 * @param sessionUse how it depends on the physical session it runs on
 * @param primaryHint the SQL carries a {@code shardwise:primary} comment hint
 * @param summary a short description for explain output and error messages
 */
public record StatementTemplate(
    String sql,
    StatementKind kind,
    Target target,
    boolean lockingRead,
    boolean sideEffects,
    SessionUse sessionUse,
    boolean primaryHint,
    String summary)
    implements AnalysedStatement {

  /** This template for another SQL text and target, everything else kept. */
  public StatementTemplate with(String otherSql, Target otherTarget) {
    return new StatementTemplate(
        otherSql, kind, otherTarget, lockingRead, sideEffects, sessionUse, primaryHint, summary);
  }
}
