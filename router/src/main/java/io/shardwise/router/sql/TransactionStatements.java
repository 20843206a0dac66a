package io.shardwise.router.sql;

import io.shardwise.router.error.ErrorCode;
import io.shardwise.router.route.TransactionAction;
import java.util.Locale;

/** Classifies transaction control written as SQL ({@code BEGIN}, {@code COMMIT}, …). */
final class TransactionStatements {

  private TransactionStatements() {}

  static Target target(String code) {
    String words = code.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    if (words.endsWith(";")) {
      words = words.substring(0, words.length() - 1).strip();
    }
    if (words.matches("(BEGIN|START TRANSACTION)( WORK| TRANSACTION)?")
        || words.equals("START TRANSACTION READ WRITE")
        || words.equals("BEGIN READ WRITE")) {
      return new Target.Transaction(TransactionAction.BEGIN);
    }
    if (words.matches("(BEGIN|START TRANSACTION)( WORK| TRANSACTION)? READ ONLY")) {
      return new Target.Transaction(TransactionAction.BEGIN_READ_ONLY);
    }
    if (words.matches("(COMMIT|END)( WORK| TRANSACTION)?")) {
      return new Target.Transaction(TransactionAction.COMMIT);
    }
    if (words.matches("ROLLBACK( WORK| TRANSACTION)?")) {
      return new Target.Transaction(TransactionAction.ROLLBACK);
    }
    return new Target.Refused(
        ErrorCode.UNSUPPORTED,
        "This transaction statement is not supported: shardwise understands BEGIN, START"
            + " TRANSACTION [READ ONLY], COMMIT and ROLLBACK; savepoints and isolation levels in"
            + " SQL are not supported yet (use Connection.setTransactionIsolation).");
  }
}
