package io.shardwise.router.sql;

import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Long IN lists of parameters and whole numbers, folded out of the text before it is parsed and put
 * back into the tree after. JSqlParser spends a lookahead of about a quarter of a millisecond on
 * each list item (a 50,000-item list took seconds), while the items themselves need no parsing:
 * each is one {@code ?} or one number. The parser reads {@code IN (shardwise_fold_0)} instead, and
 * the items are spliced back as {@link JdbcParameter}s with their own indices and {@link
 * LongValue}s; parameters after a fold are renumbered to their place in the original text.
 *
 * <p>The restore checks itself: every placeholder must be replaced and every parameter of the text
 * accounted for, or the caller parses the original text instead.
 */
final class ListFolding {

  /** Lists shorter than this are parsed as written. */
  static final int MIN_ITEMS = 64;

  private static final String PLACEHOLDER = "shardwise_fold_";

  /**
   * A text with its long lists folded.
   *
   * @param text the text the parser reads
   * @param lists the items of each folded list, as written
   * @param firstParameter for each folded list, the original index of its first {@code ?} (the
   *     items' {@code ?} follow in order)
   * @param parameterIndex for each {@code ?} left in {@code text} (0-based by order), its index in
   *     the original text (1-based)
   * @param parameters the {@code ?} of the original text
   */
  record Folded(
      String text,
      List<List<String>> lists,
      int[] firstParameter,
      int[] parameterIndex,
      int parameters) {}

  private ListFolding() {}

  /** The folded text of {@code sql}, whose code is {@code code}; null when nothing folds. */
  static Folded fold(String sql, String code) {
    StringBuilder text = null;
    List<List<String>> lists = new ArrayList<>();
    List<Integer> firsts = new ArrayList<>();
    int[] kept = new int[16];
    int keptCount = 0;
    int parameters = 0;
    int copied = 0;
    int n = code.length();
    int i = 0;
    while (i < n) {
      char c = code.charAt(i);
      if (c == '?') {
        parameters++;
        if (keptCount == kept.length) {
          kept = java.util.Arrays.copyOf(kept, keptCount * 2);
        }
        kept[keptCount++] = parameters;
        i++;
        continue;
      }
      List<String> items = new ArrayList<>();
      int open = listAfterIn(code, i);
      int end;
      String replacement;
      if (open >= 0) {
        int close = items(sql, code, open, items);
        if (close < 0 || items.size() < MIN_ITEMS) {
          i = open;
          continue;
        }
        end = close;
        replacement = sql.substring(i, open + 1) + PLACEHOLDER + lists.size();
      } else if (startsOrChain(code, i)) {
        int[] column = new int[2];
        end = orChain(sql, code, i, column, items);
        if (end < 0 || items.size() < MIN_ITEMS) {
          // A chain read to its end and refused is refused from any later term too: skip it,
          // counting its parameters. A term that broke the chain may start one: resume there.
          int skip = end < 0 ? -end - 1 : i + 1;
          for (int j = i; j < skip; j++) {
            if (code.charAt(j) == '?') {
              parameters++;
              if (keptCount == kept.length) {
                kept = java.util.Arrays.copyOf(kept, keptCount * 2);
              }
              kept[keptCount++] = parameters;
            }
          }
          i = Math.max(i + 1, skip);
          continue;
        }
        replacement =
            sql.substring(column[0], column[1]) + " IN (" + PLACEHOLDER + lists.size() + ")";
      } else {
        i++;
        continue;
      }
      if (text == null) {
        text = new StringBuilder(n);
      }
      text.append(sql, copied, i).append(replacement);
      copied = end;
      i = end;
      firsts.add(parameters + 1);
      for (String item : items) {
        if (item.equals("?")) {
          parameters++;
        }
      }
      lists.add(items);
    }
    if (text == null) {
      return null;
    }
    text.append(sql, copied, n);
    return new Folded(
        text.toString(),
        lists,
        firsts.stream().mapToInt(Integer::intValue).toArray(),
        java.util.Arrays.copyOf(kept, keptCount),
        parameters);
  }

  private static final java.util.Set<String> BEFORE_CHAIN =
      java.util.Set.of("WHERE", "ON", "HAVING", "OR");

  private static final java.util.Set<String> AFTER_CHAIN =
      java.util.Set.of(
          "OR",
          "GROUP",
          "ORDER",
          "LIMIT",
          "HAVING",
          "UNION",
          "EXCEPT",
          "INTERSECT",
          "FOR",
          "OFFSET",
          "FETCH",
          "RETURNING",
          "WINDOW");

  /**
   * True when an OR chain may start at {@code i}: a word that starts there and follows {@code (},
   * WHERE, ON, HAVING or OR, so no operator binding tighter than OR (AND, NOT, =) takes its first
   * term.
   */
  private static boolean startsOrChain(String code, int i) {
    char c = code.charAt(i);
    if (!(Character.isLetter(c) || c == '_')
        || (i > 0 && SqlLexer.isIdentifierPart(code.charAt(i - 1)))) {
      return false;
    }
    int j = i;
    while (j > 0 && Character.isWhitespace(code.charAt(j - 1))) {
      j--;
    }
    if (j > 0 && code.charAt(j - 1) == '(') {
      return true;
    }
    return BEFORE_CHAIN.contains(wordBefore(code, j));
  }

  /**
   * Reads {@code col = v OR col = v …} at {@code i} (one column, each v one {@code ?} or whole
   * number), ending where OR binds loosest: before {@code )}, {@code ;}, the end, OR, or a clause
   * keyword. Fills {@code column} with the column's span and {@code items} with the values; returns
   * the end of the chain, or {@code -1 - p} when it is not such a chain, p being where the next
   * chain may start.
   */
  private static int orChain(String sql, String code, int i, int[] column, List<String> items) {
    int n = code.length();
    String name = null;
    int at = i;
    while (true) {
      int nameStart = at;
      int nameEnd = qualifiedName(code, at);
      if (nameEnd < 0) {
        return -at - 1;
      }
      String term = code.substring(nameStart, nameEnd);
      if (name == null) {
        name = term;
        column[0] = nameStart;
        column[1] = nameEnd;
      } else if (!name.equalsIgnoreCase(term)) {
        return -at - 1;
      }
      int j = skipSpaces(code, nameEnd);
      if (j >= n
          || code.charAt(j) != '='
          || (j + 1 < n && "=<>!".indexOf(code.charAt(j + 1)) >= 0)) {
        return -at - 1;
      }
      j = skipSpaces(code, j + 1);
      int itemEnd = item(code, j);
      if (itemEnd < 0) {
        return -at - 1;
      }
      items.add(sql.substring(j, itemEnd));
      int k = skipSpaces(code, itemEnd);
      String next = wordAt(code, k);
      if (next.equals("OR")) {
        int after = skipSpaces(code, k + 2);
        if (after > k + 2 && qualifiedName(code, after) > 0) {
          int probe = qualifiedName(code, after);
          if (code.substring(after, probe).equalsIgnoreCase(name)) {
            at = after;
            continue;
          }
        }
        return itemEnd;
      }
      if (k >= n || code.charAt(k) == ')' || code.charAt(k) == ';' || AFTER_CHAIN.contains(next)) {
        return itemEnd;
      }
      return -k - 1;
    }
  }

  /** The end of a name (a.b.c) of plain identifiers at {@code i}; -1 when none starts there. */
  private static int qualifiedName(String code, int i) {
    int n = code.length();
    int j = i;
    while (true) {
      if (j >= n || !(Character.isLetter(code.charAt(j)) || code.charAt(j) == '_')) {
        return -1;
      }
      while (j < n && SqlLexer.isIdentifierPart(code.charAt(j))) {
        j++;
      }
      if (j < n && code.charAt(j) == '.') {
        j++;
      } else {
        return j;
      }
    }
  }

  /** The end of one {@code ?} or unsigned whole number at {@code i}; -1 when none is there. */
  private static int item(String code, int i) {
    int n = code.length();
    if (i < n && code.charAt(i) == '?') {
      return i + 1;
    }
    int j = i;
    while (j < n && code.charAt(j) >= '0' && code.charAt(j) <= '9') {
      j++;
    }
    if (j == i || (j < n && (SqlLexer.isIdentifierPart(code.charAt(j)) || code.charAt(j) == '.'))) {
      return -1;
    }
    return j;
  }

  private static int skipSpaces(String code, int i) {
    while (i < code.length() && Character.isWhitespace(code.charAt(i))) {
      i++;
    }
    return i;
  }

  /** The upper-case word starting at {@code i}; empty when none does. */
  private static String wordAt(String code, int i) {
    int j = i;
    while (j < code.length() && SqlLexer.isIdentifierPart(code.charAt(j))) {
      j++;
    }
    return code.substring(i, j).toUpperCase(java.util.Locale.ROOT);
  }

  /** The upper-case word ending at {@code end}; empty when none does. */
  private static String wordBefore(String code, int end) {
    int j = end;
    while (j > 0 && SqlLexer.isIdentifierPart(code.charAt(j - 1))) {
      j--;
    }
    return code.substring(j, end).toUpperCase(java.util.Locale.ROOT);
  }

  /** The index of the {@code (} of an IN list whose keyword starts at {@code i}; -1 if none. */
  private static int listAfterIn(String code, int i) {
    if ((code.charAt(i) != 'I' && code.charAt(i) != 'i')
        || i + 2 >= code.length()
        || (code.charAt(i + 1) != 'N' && code.charAt(i + 1) != 'n')
        || (i > 0 && SqlLexer.isIdentifierPart(code.charAt(i - 1)))) {
      return -1;
    }
    int j = i + 2;
    while (j < code.length() && Character.isWhitespace(code.charAt(j))) {
      j++;
    }
    return j < code.length() && code.charAt(j) == '(' ? j : -1;
  }

  /**
   * Reads the items after {@code open}, each one {@code ?} or unsigned whole number, into {@code
   * items}; returns the index of the closing parenthesis, or -1 when any item is something else.
   */
  private static int items(String sql, String code, int open, List<String> items) {
    int n = code.length();
    int i = open + 1;
    while (true) {
      while (i < n && Character.isWhitespace(code.charAt(i)) && sql.charAt(i) == code.charAt(i)) {
        i++;
      }
      int start = i;
      if (i < n && code.charAt(i) == '?') {
        i++;
      } else {
        while (i < n && code.charAt(i) >= '0' && code.charAt(i) <= '9') {
          i++;
        }
        if (i == start || (i < n && SqlLexer.isIdentifierPart(code.charAt(i)))) {
          return -1;
        }
      }
      items.add(sql.substring(start, i));
      while (i < n && Character.isWhitespace(code.charAt(i)) && sql.charAt(i) == code.charAt(i)) {
        i++;
      }
      if (i >= n) {
        return -1;
      }
      if (code.charAt(i) == ')') {
        return i;
      }
      if (code.charAt(i) != ',') {
        return -1;
      }
      i++;
    }
  }

  /**
   * Puts the folded lists back into {@code statement} and renumbers its parameters; false when the
   * tree does not account for every placeholder and parameter exactly once, and must not be used.
   */
  static boolean restore(Statement statement, Folded folded) {
    int[] restored = {0};
    int[] seen = {0};
    boolean[] bad = {false};
    new TablesNamesFinder<Void>() {
      @Override
      public <S> Void visit(JdbcParameter parameter, S context) {
        Integer index = parameter.getIndex();
        if (index == null || index < 1 || index > folded.parameterIndex().length) {
          bad[0] = true;
        } else {
          parameter.setIndex(folded.parameterIndex()[index - 1]);
        }
        seen[0]++;
        return null;
      }

      @Override
      public <S> Void visit(InExpression in, S context) {
        super.visit(in, context);
        // JSqlParser 5.3 reads "k IN (…) AND x" as "k IN ((…) AND x)": the list is then the
        // leftmost operand of the AND/OR chain on the right (see KeyExpressions.misparsed).
        BinaryExpression parent = null;
        Expression right = in.getRightExpression();
        while (right instanceof AndExpression || right instanceof OrExpression) {
          parent = (BinaryExpression) right;
          right = parent.getLeftExpression();
        }
        int list = placeholder(right);
        if (list >= folded.lists().size()) {
          bad[0] = true;
        } else if (list >= 0) {
          if (parent == null) {
            in.setRightExpression(items(folded, list));
          } else {
            parent.setLeftExpression(items(folded, list));
          }
          restored[0]++;
        }
        return null;
      }
    }.getTables(statement);
    return !bad[0]
        && restored[0] == folded.lists().size()
        && seen[0] == folded.parameterIndex().length;
  }

  private static int placeholder(Expression e) {
    if (e instanceof ParenthesedExpressionList<?> list
        && list.size() == 1
        && list.get(0) instanceof Column column
        && column.getTable() == null
        && column.getColumnName().startsWith(PLACEHOLDER)) {
      try {
        return Integer.parseInt(column.getColumnName().substring(PLACEHOLDER.length()));
      } catch (NumberFormatException e2) {
        return -1;
      }
    }
    return -1;
  }

  private static ParenthesedExpressionList<Expression> items(Folded folded, int list) {
    List<String> texts = folded.lists().get(list);
    List<Expression> items = new ArrayList<>(texts.size());
    int parameter = folded.firstParameter()[list];
    for (String text : texts) {
      items.add(
          text.equals("?") ? new JdbcParameter(parameter++, false, "?") : new LongValue(text));
    }
    return new ParenthesedExpressionList<>(items);
  }
}
