package io.shardwise.router.sql;

import io.shardwise.router.config.Engine;
import java.util.Arrays;
import java.util.List;

/**
 * The one place that knows where a statement's string literals, quoted identifiers and comments
 * are, by the rules of the database that will run it. Hints, the statement's "code" (keywords,
 * calls, parentheses), literal shapes and list splitting all read its spans, so they can never
 * disagree about what is a value and what is SQL.
 *
 * <p>The rules per dialect:
 *
 * <ul>
 *   <li>PostgreSQL: {@code '…'} with {@code ''} (a backslash is an ordinary character, as with
 *       {@code standard_conforming_strings = on}, the default since 9.1); {@code E'…'} with
 *       backslash escapes; {@code $$…$$} and {@code $tag$…$tag$}; {@code "…"} identifiers; {@code
 *       --} to the end of the line; {@code /* … *}{@code /} comments that nest.
 *   <li>H2: as PostgreSQL without {@code E'…'} and tagged dollar quotes; {@code `…`} identifiers;
 *       {@code //} also starts a line comment.
 *   <li>MariaDB (default {@code sql_mode}): {@code '…'} and {@code "…"} are strings with backslash
 *       escapes and doubled quotes; {@code `…`} identifiers; {@code #} and {@code -- } (followed by
 *       a space or control character) start a line comment; block comments do not nest; {@code /*!
 *       … *}{@code /} and {@code /*M! … *}{@code /} are executable comments (their text runs).
 *   <li>Standard SQL: {@code '…'}, {@code "…"} identifiers, {@code --}, nesting block comments.
 * </ul>
 */
public final class SqlLexer {

  /** A set of lexical rules. */
  public enum Dialect {
    STANDARD,
    POSTGRESQL,
    H2,
    MARIADB;

    /**
     * The dialects a map's SQL may be read by: one for a known engine; every dialect for {@link
     * Engine#OTHER} (an unknown engine or a map of mixed engines), whose statements must lex alike
     * under all of them.
     */
    public static List<Dialect> of(Engine engine) {
      return switch (engine) {
        case POSTGRESQL -> List.of(POSTGRESQL);
        case MARIADB -> List.of(MARIADB);
        case H2 -> List.of(H2);
        case OTHER -> List.of(STANDARD, POSTGRESQL, H2, MARIADB);
      };
    }
  }

  /**
   * Why {@code lexed} (under the first of {@code dialects}) cannot be trusted: another dialect of
   * the list reads its literals or comments elsewhere, or the analyser's parser would read it
   * differently from the database. Null when it can.
   */
  static String distrust(Lexed lexed, List<Dialect> dialects) {
    for (int d = 1; d < dialects.size(); d++) {
      Lexed other = lex(lexed.sql(), dialects.get(d));
      if (!lexed.sameSpans(other)) {
        return "its string literals, quoted identifiers or comments lie elsewhere under "
            + dialects.get(d)
            + "'s rules than under "
            + lexed.dialect()
            + "'s, and the map's engine is not one known engine; write it so every engine reads"
            + " it alike (no backslash before a quote, no $$ quoting, no # or /*! comments)";
      }
    }
    return lexed.parserDisagreement();
  }

  /** What a span holds. */
  public enum Kind {
    /** A string literal in single quotes (with any prefix letter left outside the span). */
    STRING,
    /** A string literal in which a backslash escapes the next character. */
    ESCAPE_STRING,
    /** A MariaDB string in double quotes (with backslash escapes). */
    DOUBLE_QUOTED_STRING,
    /** A dollar-quoted string ({@code $$…$$}, {@code $tag$…$tag$}). */
    DOLLAR_STRING,
    /** A quoted identifier ({@code "…"} or {@code `…`}). */
    QUOTED_IDENTIFIER,
    /** A line or block comment. */
    COMMENT,
    /** A block comment with a comment nested in it (PostgreSQL, H2, standard SQL). */
    NESTED_COMMENT,
    /** A MariaDB executable comment, {@code /*! … *}{@code /}: the server runs its text. */
    EXECUTABLE_COMMENT
  }

  private SqlLexer() {}

  /**
   * The spans of {@code sql} under {@code dialect}, in text order. Linear in the length of the
   * text; an unterminated literal or comment runs to the end.
   */
  public static Lexed lex(String sql, Dialect dialect) {
    Lexed out = new Lexed(sql, dialect);
    int n = sql.length();
    int i = 0;
    while (i < n) {
      long span = spanAt(sql, i, dialect);
      if (span < 0) {
        i++;
      } else {
        int end = (int) span;
        out.add(KINDS[(int) (span >>> 32)], i, end);
        i = end;
      }
    }
    return out;
  }

  private static final Kind[] KINDS = Kind.values();

  /** The kind of a span found by {@link #spanAt}. */
  static Kind kindOf(long span) {
    return KINDS[(int) (span >>> 32)];
  }

  /** The end of a span found by {@link #spanAt}. */
  static int endOf(long span) {
    return (int) span;
  }

  /**
   * The span (literal, quoted identifier or comment) that starts at {@code i}, as {@code
   * kind.ordinal() << 32 | end}; -1 when none starts there. Allocates nothing, for scanners on the
   * path of every plain statement.
   */
  static long spanAt(String sql, int i, Dialect dialect) {
    int n = sql.length();
    char c = sql.charAt(i);
    char next = i + 1 < n ? sql.charAt(i + 1) : '\0';
    if (c == '\'') {
      boolean escapes =
          dialect == Dialect.MARIADB || (dialect == Dialect.POSTGRESQL && isE(sql, i));
      return span(escapes ? Kind.ESCAPE_STRING : Kind.STRING, quoted(sql, i, '\'', escapes));
    }
    if (c == '"') {
      boolean maria = dialect == Dialect.MARIADB;
      return span(
          maria ? Kind.DOUBLE_QUOTED_STRING : Kind.QUOTED_IDENTIFIER, quoted(sql, i, '"', maria));
    }
    if (c == '`' && (dialect == Dialect.MARIADB || dialect == Dialect.H2)) {
      return span(Kind.QUOTED_IDENTIFIER, quoted(sql, i, '`', false));
    }
    if (c == '$' && (dialect == Dialect.POSTGRESQL || dialect == Dialect.H2)) {
      int end = dollarQuoted(sql, i, dialect);
      return end < 0 ? -1 : span(Kind.DOLLAR_STRING, end);
    }
    if (c == '/' && next == '*') {
      return blockComment(sql, i, dialect);
    }
    if ((c == '-' && next == '-' && dashesComment(sql, i, dialect))
        || (c == '#' && dialect == Dialect.MARIADB)
        || (c == '/' && next == '/' && dialect == Dialect.H2)) {
      return span(Kind.COMMENT, lineEnd(sql, i));
    }
    return -1;
  }

  private static long span(Kind kind, int end) {
    return ((long) kind.ordinal() << 32) | end;
  }

  /** {@code E'…'} in PostgreSQL: an E (either case) that is not the end of a longer word. */
  private static boolean isE(String sql, int quote) {
    if (quote == 0 || (sql.charAt(quote - 1) != 'E' && sql.charAt(quote - 1) != 'e')) {
      return false;
    }
    return quote == 1 || !isIdentifierPart(sql.charAt(quote - 2));
  }

  /** Just past the closing quote; a doubled quote (and, with escapes, a backslash) escapes. */
  private static int quoted(String sql, int start, char quote, boolean backslashEscapes) {
    int n = sql.length();
    int i = start + 1;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\\' && backslashEscapes) {
        i += 2;
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

  /** Just past the closing delimiter of a dollar-quoted string at {@code start}; -1 if none. */
  private static int dollarQuoted(String sql, int start, Dialect dialect) {
    if (start > 0 && isIdentifierPart(sql.charAt(start - 1))) {
      return -1; // a$b$ is an identifier in PostgreSQL
    }
    int n = sql.length();
    int i = start + 1;
    if (dialect == Dialect.POSTGRESQL && i < n && isTagStart(sql.charAt(i))) {
      i++;
      while (i < n && isTagPart(sql.charAt(i))) {
        i++;
      }
    }
    if (i >= n || sql.charAt(i) != '$') {
      return -1; // $1 is a parameter, a lone $ an operator character
    }
    String delimiter = sql.substring(start, i + 1);
    int close = sql.indexOf(delimiter, i + 1);
    return close < 0 ? n : close + delimiter.length();
  }

  private static long blockComment(String sql, int start, Dialect dialect) {
    int n = sql.length();
    if (dialect == Dialect.MARIADB) {
      int close = sql.indexOf("*/", start + 2);
      int end = close < 0 ? n : close + 2;
      boolean executable =
          start + 2 < n
              && (sql.charAt(start + 2) == '!'
                  || (sql.charAt(start + 2) == 'M'
                      && start + 3 < n
                      && sql.charAt(start + 3) == '!'));
      return span(executable ? Kind.EXECUTABLE_COMMENT : Kind.COMMENT, end);
    }
    int depth = 1;
    boolean nested = false;
    int i = start + 2;
    while (i < n && depth > 0) {
      char c = sql.charAt(i);
      if (c == '*' && i + 1 < n && sql.charAt(i + 1) == '/') {
        depth--;
        i += 2;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        depth++;
        nested = true;
        i += 2;
      } else {
        i++;
      }
    }
    return span(nested ? Kind.NESTED_COMMENT : Kind.COMMENT, i);
  }

  /** MariaDB needs a space or control character after {@code --}; the others do not. */
  private static boolean dashesComment(String sql, int i, Dialect dialect) {
    if (dialect != Dialect.MARIADB) {
      return true;
    }
    return i + 2 >= sql.length() || sql.charAt(i + 2) <= ' ';
  }

  private static int lineEnd(String sql, int start) {
    int n = sql.length();
    for (int i = start; i < n; i++) {
      char c = sql.charAt(i);
      if (c == '\n' || c == '\r') {
        return i;
      }
    }
    return n;
  }

  private static boolean isTagStart(char c) {
    return Character.isLetter(c) || c == '_';
  }

  private static boolean isTagPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  static boolean isIdentifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  /** A statement's spans under one dialect. */
  public static final class Lexed {
    private final String sql;
    private final Dialect dialect;
    private Kind[] kinds = new Kind[8];
    private int[] starts = new int[8];
    private int[] ends = new int[8];
    private int size;

    private Lexed(String sql, Dialect dialect) {
      this.sql = sql;
      this.dialect = dialect;
    }

    private void add(Kind kind, int start, int end) {
      if (size == kinds.length) {
        kinds = Arrays.copyOf(kinds, size * 2);
        starts = Arrays.copyOf(starts, size * 2);
        ends = Arrays.copyOf(ends, size * 2);
      }
      kinds[size] = kind;
      starts[size] = start;
      ends[size] = end;
      size++;
    }

    public String sql() {
      return sql;
    }

    public Dialect dialect() {
      return dialect;
    }

    public int size() {
      return size;
    }

    public Kind kind(int span) {
      return kinds[span];
    }

    public int start(int span) {
      return starts[span];
    }

    public int end(int span) {
      return ends[span];
    }

    /** The SQL with every span (literals, quoted identifiers, comments) replaced by spaces. */
    public String code() {
      if (size == 0) {
        return sql;
      }
      char[] out = sql.toCharArray();
      for (int s = 0; s < size; s++) {
        Arrays.fill(out, starts[s], ends[s], ' ');
      }
      return new String(out);
    }

    /** True when the other lexing found the same spans, each a comment in both or in neither. */
    boolean sameSpans(Lexed other) {
      if (size != other.size) {
        return false;
      }
      for (int s = 0; s < size; s++) {
        if (starts[s] != other.starts[s]
            || ends[s] != other.ends[s]
            || isComment(kinds[s]) != isComment(other.kinds[s])) {
          return false;
        }
      }
      return true;
    }

    static boolean isComment(Kind kind) {
      return kind == Kind.COMMENT || kind == Kind.NESTED_COMMENT || kind == Kind.EXECUTABLE_COMMENT;
    }

    /**
     * Why the parser, which lexes by its own fixed rules, could read this statement differently
     * from the database; null when it cannot. Such a statement is refused rather than routed by a
     * reading the database does not share.
     */
    String parserDisagreement() {
      for (int s = 0; s < size; s++) {
        switch (kinds[s]) {
          case NESTED_COMMENT -> {
            return "it holds a nested block comment at offset "
                + starts[s]
                + ", which the analyser's parser does not nest";
          }
          case EXECUTABLE_COMMENT -> {
            return "it holds a MariaDB executable comment (/*! … */) at offset "
                + starts[s]
                + ", whose text the server runs but the analyser cannot see";
          }
          case DOUBLE_QUOTED_STRING -> {
            return "it holds a double-quoted string at offset "
                + starts[s]
                + ", which MariaDB reads as a string but the analyser as an identifier; write"
                + " strings in single quotes and identifiers in backticks";
          }
          case ESCAPE_STRING -> {
            if (dialect == Dialect.POSTGRESQL
                && sql.indexOf('\\', starts[s]) >= 0
                && sql.indexOf('\\', starts[s]) < ends[s]) {
              return "it holds an E'…' string with a backslash escape at offset "
                  + starts[s]
                  + ", which the analyser's parser does not read as PostgreSQL does; bind the"
                  + " value as a ? parameter";
            }
          }
          default -> {
            // a span both read alike
          }
        }
      }
      if (dialect == Dialect.MARIADB) {
        int dashes = codeIndexOf("--");
        if (dashes >= 0) {
          return "it holds '--' not followed by a space at offset "
              + dashes
              + ", which MariaDB reads as two minus signs but the analyser as a comment";
        }
      }
      return null;
    }

    /** The first index of {@code text} outside every span; -1 when there is none. */
    int codeIndexOf(String text) {
      int from = 0;
      int span = 0;
      while (true) {
        int at = sql.indexOf(text, from);
        if (at < 0) {
          return -1;
        }
        while (span < size && ends[span] <= at) {
          span++;
        }
        if (span >= size || at + text.length() <= starts[span]) {
          return at;
        }
        from = ends[span];
      }
    }
  }
}
