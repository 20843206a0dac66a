package io.shardwise.router.sql;

/**
 * Finds {@code shardwise:} hints in SQL comments. A hint counts only inside a block or line
 * comment; text inside string literals and quoted identifiers is skipped, so a value such as {@code
 * 'shardwise:primary'} is never mistaken for a hint.
 */
final class HintScanner {

  private static final String PRIMARY_HINT = "shardwise:primary";

  private HintScanner() {}

  static boolean hasPrimaryHint(String sql) {
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        i = skipQuoted(sql, i, c);
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        int stop = end < 0 ? n : end;
        if (containsHint(sql, i + 2, stop)) {
          return true;
        }
        i = stop + 2;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i + 2);
        int stop = end < 0 ? n : end;
        if (containsHint(sql, i + 2, stop)) {
          return true;
        }
        i = stop + 1;
      } else {
        i++;
      }
    }
    return false;
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

  private static boolean containsHint(String sql, int from, int to) {
    int at = sql.indexOf(PRIMARY_HINT, from);
    return at >= 0 && at + PRIMARY_HINT.length() <= to;
  }
}
