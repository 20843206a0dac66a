package io.shardwise.router.sql;

/**
 * Finds {@code shardwise:} hints in SQL comments. A hint counts only inside a block or line
 * comment; text inside string literals and quoted identifiers is skipped, so a value such as {@code
 * 'shardwise:primary'} is never mistaken for a hint.
 */
final class HintScanner {

  private static final String PRIMARY_HINT = "shardwise:primary";
  private static final String SHARD_HINT = "shardwise:shard=";

  private HintScanner() {}

  static boolean hasPrimaryHint(String sql) {
    return find(sql, PRIMARY_HINT) >= 0;
  }

  /** The NAME of a {@code shardwise:shard=NAME} comment hint; null when there is none. */
  static String shardHint(String sql) {
    int at = find(sql, SHARD_HINT);
    if (at < 0) {
      return null;
    }
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

  /** Where {@code hint} starts inside a comment of {@code sql}; -1 when no comment holds it. */
  private static int find(String sql, String hint) {
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        i = skipQuoted(sql, i, c);
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        int stop = end < 0 ? n : end;
        int at = indexIn(sql, hint, i + 2, stop);
        if (at >= 0) {
          return at;
        }
        i = stop + 2;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i + 2);
        int stop = end < 0 ? n : end;
        int at = indexIn(sql, hint, i + 2, stop);
        if (at >= 0) {
          return at;
        }
        i = stop + 1;
      } else {
        i++;
      }
    }
    return -1;
  }

  /** Returns the index just past the closing quote; a doubled quote is an escaped one. */
  static int skipQuoted(String sql, int start, char quote) {
    int i = start + 1;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\\' && quote == '\'' && i + 1 < n) {
        i += 2; // MySQL-style backslash escape; harmless for PostgreSQL standard strings
      } else if (c == quote) {
        if (i + 1 < n && sql.charAt(i + 1) == quote) {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    return n;
  }

  private static int indexIn(String sql, String hint, int from, int to) {
    int at = sql.indexOf(hint, from);
    return at >= 0 && at + hint.length() <= to ? at : -1;
  }
}
