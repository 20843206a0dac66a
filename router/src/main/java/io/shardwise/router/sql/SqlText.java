package io.shardwise.router.sql;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks at SQL as text, for what the parser cannot tell or cannot parse: the leading keyword of
 * statements JSqlParser rejects ({@code LOCK}, {@code PREPARE}, {@code SET search_path TO …}),
 * calls of functions with side effects, user variables. It works on the "code" of a statement: the
 * SQL with string literals, quoted identifiers and comments blanked out ({@link
 * SqlLexer.Lexed#code}), so that text inside a value is never mistaken for a keyword or a call.
 */
final class SqlText {

  private static final Pattern FIRST_WORD = Pattern.compile("^\\s*([A-Za-z]+)");
  private static final Pattern USER_VARIABLE = Pattern.compile("(?<![@\\w])@[A-Za-z_]");

  private SqlText() {}

  /** The first word of the code, upper-case; empty when there is none. */
  static String firstKeyword(String code) {
    Matcher m = FIRST_WORD.matcher(code);
    return m.find() ? m.group(1).toUpperCase(Locale.ROOT) : "";
  }

  /** True when the code calls any of the functions matched by {@code calls}. */
  static boolean calls(String code, Pattern calls) {
    return calls.matcher(code).find();
  }

  /** True when a semicolon is followed by more code: several statements in one string. */
  static boolean hasSeveralStatements(String code) {
    int semicolon = code.indexOf(';');
    return semicolon >= 0 && !code.substring(semicolon + 1).replace(";", "").isBlank();
  }

  /** MySQL/MariaDB user variables ({@code @x}), which live in one physical session. */
  static boolean usesUserVariables(String code) {
    return USER_VARIABLE.matcher(code).find();
  }

  /** A pattern matching a call of any of {@code names}, case-insensitively. */
  static Pattern callOf(String... names) {
    return Pattern.compile(
        "(?<![\\w.$])(" + String.join("|", names) + ")\\s*\\(", Pattern.CASE_INSENSITIVE);
  }
}
