package io.shardwise.router.sql;

/**
 * Finds {@code shardwise:} hints in SQL comments. A hint counts only inside a comment as the map's
 * engine lexes it ({@link SqlLexer}): text inside string literals, dollar quotes, quoted
 * identifiers and MariaDB's executable comments is never a hint.
 */
final class HintScanner {

  private static final String PRIMARY_HINT = "shardwise:primary";
  private static final String SHARD_HINT = "shardwise:shard=";

  private HintScanner() {}

  static boolean hasPrimaryHint(SqlLexer.Lexed lexed) {
    return find(lexed, PRIMARY_HINT) >= 0;
  }

  /** The NAME of a {@code shardwise:shard=NAME} comment hint; null when there is none. */
  static String shardHint(SqlLexer.Lexed lexed) {
    int at = find(lexed, SHARD_HINT);
    if (at < 0) {
      return null;
    }
    String sql = lexed.sql();
    int start = at + SHARD_HINT.length();
    int end = start;
    while (end < sql.length() && isNamePart(sql.charAt(end))) {
      end++;
    }
    return sql.substring(start, end);
  }

  private static boolean isNamePart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
  }

  /** Where {@code hint} starts inside a comment of the statement; -1 when no comment holds it. */
  private static int find(SqlLexer.Lexed lexed, String hint) {
    String sql = lexed.sql();
    int span = 0;
    for (int at = sql.indexOf(hint); at >= 0; at = sql.indexOf(hint, at + 1)) {
      while (span < lexed.size() && lexed.end(span) <= at) {
        span++;
      }
      if (span == lexed.size()) {
        return -1;
      }
      SqlLexer.Kind kind = lexed.kind(span);
      if ((kind == SqlLexer.Kind.COMMENT || kind == SqlLexer.Kind.NESTED_COMMENT)
          && lexed.start(span) <= at
          && at + hint.length() <= lexed.end(span)) {
        return at;
      }
    }
    return -1;
  }
}
