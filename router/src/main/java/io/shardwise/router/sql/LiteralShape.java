package io.shardwise.router.sql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain statement's shape: its text with every number and string literal replaced by a marker,
 * and the literals themselves. Statements that differ only in literal values share a shape, so the
 * router analyses a shape once however many values an application inlines. Comments (hints) and
 * quoted identifiers stay part of the shape. Literals are found by {@link SqlLexer}, by the rules
 * of the map's engine.
 *
 * @param key the text with literals replaced
 * @param literals the literals in textual order, as written
 */
public record LiteralShape(String key, List<String> literals) {

  private static final char MARKER = '\u0001';

  /**
   * The shape of {@code sql} as the first of {@code dialects} lexes it, or null when it has no
   * literal, or text whose values this shape would not read as the database does (backslash
   * escapes, dollar quotes, anything {@link SqlLexer#distrust} distrusts).
   */
  public static LiteralShape of(String sql, List<SqlLexer.Dialect> dialects) {
    if (sql.indexOf('$') >= 0 || sql.indexOf(MARKER) >= 0 || sql.indexOf('\\') >= 0) {
      return null; // dollar quoting, $n parameters and escapes are left to the exact-text cache
    }
    SqlLexer.Dialect dialect = dialects.get(0);
    if (dialects.size() > 1 && SqlLexer.distrust(SqlLexer.lex(sql, dialect), dialects) != null) {
      return null;
    }
    StringBuilder key = new StringBuilder(sql.length());
    List<String> literals = new ArrayList<>(4);
    int n = sql.length();
    int i = 0;
    while (i < n) {
      long span = SqlLexer.spanAt(sql, i, dialect);
      if (span >= 0) {
        int end = SqlLexer.endOf(span);
        switch (SqlLexer.kindOf(span)) {
          case STRING, ESCAPE_STRING -> {
            if (end - i < 2 || sql.charAt(end - 1) != '\'') {
              return null; // unterminated
            }
            literals.add(sql.substring(i, end));
            key.append(MARKER);
          }
          case QUOTED_IDENTIFIER, COMMENT -> key.append(sql, i, end);
          default -> {
            return null; // what the analyser refuses or reads only from the exact text
          }
        }
        i = end;
        continue;
      }
      char c = sql.charAt(i);
      int end;
      if (Character.isDigit(c) && (i == 0 || !isWordChar(sql.charAt(i - 1)))) {
        end = numberEnd(sql, i);
        if (end < n && isWordChar(sql.charAt(end))) {
          return null; // 0x1F, 1e, 12abc: not a plain number
        }
        literals.add(sql.substring(i, end));
        key.append(MARKER);
      } else if (c == '-'
          && dialect == SqlLexer.Dialect.MARIADB
          && i + 1 < n
          && sql.charAt(i + 1) == '-') {
        return null; // --1 on MariaDB: refused by the analyser (SW023)
      } else {
        end = i + 1;
        key.append(c);
      }
      i = end;
    }
    return literals.isEmpty() ? null : new LiteralShape(key.toString(), List.copyOf(literals));
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '@' || c == '#';
  }

  private static int numberEnd(String sql, int start) {
    int i = start;
    int n = sql.length();
    while (i < n && Character.isDigit(sql.charAt(i))) {
      i++;
    }
    if (i + 1 < n && sql.charAt(i) == '.' && Character.isDigit(sql.charAt(i + 1))) {
      i++;
      while (i < n && Character.isDigit(sql.charAt(i))) {
        i++;
      }
    }
    return i;
  }

  /**
   * Literal {@code index} as the analyser would see it as a shard-key value: a whole number as Long
   * (BigInteger beyond a long), a decimal as BigDecimal, a string without its quotes.
   */
  public Object value(int index) {
    String raw = literals.get(index);
    if (raw.charAt(0) == '\'') {
      return raw.substring(1, raw.length() - 1).replace("''", "'");
    }
    if (raw.indexOf('.') >= 0) {
      return new BigDecimal(raw);
    }
    BigInteger number = new BigInteger(raw);
    return number.bitLength() < 64 ? (Object) number.longValue() : number;
  }

  /** The single literal whose value equals {@code value}, or -1 when none or several do. */
  public int indexOf(Object value) {
    int found = -1;
    for (int i = 0; i < literals.size(); i++) {
      if (sameValue(value(i), value)) {
        if (found >= 0) {
          return -1;
        }
        found = i;
      }
    }
    return found;
  }

  private static boolean sameValue(Object a, Object b) {
    if (a instanceof String || b instanceof String) {
      return a.equals(b);
    }
    if (a == null || b == null) {
      return false;
    }
    return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
  }
}
