package io.shardwise.router.sql;

import io.shardwise.router.error.ErrorCode;
import io.shardwise.router.route.RoutePlan.PlacementReason;
import io.shardwise.router.route.SessionUse;
import java.util.regex.Pattern;

/**
 * What a statement does besides reading and writing rows: calls that write or lock even inside a
 * SELECT, and state it leaves in, or reads from, its physical session. The router sends the first
 * to the primary; the driver keeps the second on the same physical connections.
 */
final class SessionEffects {

  /** Functions that write, or that fail on a replica. */
  private static final Pattern WRITING_CALLS =
      SqlText.callOf(
          "nextval",
          "setval",
          "set_config",
          "pg_notify",
          "txid_current",
          "pg_current_xact_id",
          "pg_current_wal_lsn",
          "pg_advisory_xact_lock",
          "pg_advisory_xact_lock_shared",
          "pg_try_advisory_xact_lock",
          "pg_try_advisory_xact_lock_shared");

  /** Functions that take or release a lock held by the session, or set session state. */
  private static final Pattern SESSION_CALLS =
      SqlText.callOf(
          "pg_advisory_lock",
          "pg_advisory_lock_shared",
          "pg_try_advisory_lock",
          "pg_try_advisory_lock_shared",
          "pg_advisory_unlock",
          "pg_advisory_unlock_shared",
          "pg_advisory_unlock_all",
          "get_lock",
          "release_lock",
          "release_all_locks",
          "set_config");

  /** Functions that read what the previous statement left in its session. */
  private static final Pattern PREVIOUS_RESULT_CALLS =
      SqlText.callOf("last_insert_id", "currval", "lastval", "found_rows", "row_count");

  private SessionEffects() {}

  static StatementTemplate apply(StatementTemplate template, String code) {
    boolean sessionCall = SqlText.calls(code, SESSION_CALLS);
    boolean sideEffects =
        sessionCall || SqlText.calls(code, WRITING_CALLS) || selectsInto(template, code);
    SessionUse use = template.sessionUse();
    Target target = template.target();
    if (use == SessionUse.NONE
        && (sessionCall || SqlText.usesUserVariables(code) || createsTemporaryTable(template))) {
      use = SessionUse.PINS;
    }
    if (use == SessionUse.NONE && SqlText.calls(code, PREVIOUS_RESULT_CALLS)) {
      use = SessionUse.READS_PREVIOUS_RESULT;
      if (target instanceof Target.DefaultShard fixed
          && fixed.reason() == PlacementReason.NO_TABLE) {
        target = new Target.PreviousShard();
      } else {
        target =
            new Target.Refused(
                ErrorCode.UNSUPPORTED,
                template.summary()
                    + " reads the previous statement's session result (LAST_INSERT_ID(),"
                    + " currval(), …) inside a statement on a table, whose shard may differ;"
                    + " read it in a statement of its own, or use getGeneratedKeys().");
      }
    }
    if (!sideEffects && use == template.sessionUse() && target == template.target()) {
      return template;
    }
    return new StatementTemplate(
        template.sql(),
        template.kind(),
        target,
        template.lockingRead(),
        sideEffects,
        use,
        template.primaryHint(),
        template.summary());
  }

  /** SELECT … INTO creates a table (PostgreSQL) or writes variables (MySQL). */
  private static boolean selectsInto(StatementTemplate template, String code) {
    return template.kind() == StatementKind.SELECT
        && code.toUpperCase(java.util.Locale.ROOT).matches("(?s).*\\sINTO\\s.*");
  }

  private static boolean createsTemporaryTable(StatementTemplate template) {
    if (template.kind() != StatementKind.DDL) {
      return false;
    }
    String upper = template.sql().toUpperCase(java.util.Locale.ROOT);
    return upper.matches("(?s)\\s*CREATE\\s+(GLOBAL\\s+|LOCAL\\s+)?(TEMPORARY|TEMP)\\s+TABLE.*");
  }
}
