package io.shardwise.router.config;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Replaces {@code ${env:NAME}} and {@code ${file:/path}} in a value with the secret they name. A
 * placeholder may be the whole value or part of it; {@code $${} stands for a literal {@code ${}.
 */
final class Placeholders {

  private static final String OPEN = "${";
  private static final String ESCAPED_OPEN = "$${";
  private static final String ENV = "env:";
  private static final String FILE = "file:";
  private static final String SYNTAX =
      "use ${env:NAME} or ${file:/path}, or write $${ for a literal ${";

  private final SecretResolver secrets;

  Placeholders(SecretResolver secrets) {
    this.secrets = secrets;
  }

  /** Whether the text names a secret, so that its expanded value must not be shown. */
  static boolean occurIn(String text) {
    return text.replace(ESCAPED_OPEN, "").contains(OPEN);
  }

  /**
   * The text with every placeholder replaced. Each placeholder that cannot be resolved is passed to
   * {@code problems} as a sentence naming the variable or file, never a resolved value.
   *
   * @param sensitive whether the text may itself be a secret, such as an inline password: then a
   *     malformed placeholder is reported without quoting any of it
   */
  String expand(String text, boolean sensitive, Consumer<String> problems) {
    StringBuilder out = new StringBuilder(text.length());
    int from = 0;
    while (from < text.length()) {
      int open = text.indexOf(OPEN, from);
      if (open < 0) {
        break;
      }
      if (open > from && text.charAt(open - 1) == '$') {
        out.append(text, from, open - 1).append(OPEN);
        from = open + OPEN.length();
        continue;
      }
      int close = text.indexOf('}', open);
      if (close < 0) {
        problems.accept("a placeholder is not closed with '}'; " + SYNTAX);
        return out.toString();
      }
      out.append(text, from, open);
      out.append(resolve(text.substring(open + OPEN.length(), close), sensitive, problems));
      from = close + 1;
    }
    return out.append(text, from, text.length()).toString();
  }

  private String resolve(String body, boolean sensitive, Consumer<String> problems) {
    if (body.startsWith(ENV) && body.length() > ENV.length()) {
      String name = body.substring(ENV.length());
      Optional<String> value = secrets.environmentVariable(name);
      if (value.isEmpty()) {
        problems.accept("environment variable " + name + " is not set; set it before starting");
        return "";
      }
      return value.get();
    }
    if (body.startsWith(FILE) && body.length() > FILE.length()) {
      String path = body.substring(FILE.length());
      try {
        return secrets.readFile(path);
      } catch (IOException e) {
        problems.accept(
            "cannot read secret file " + path + " (" + IoErrors.reason(e) + "); check ${file:...}");
        return "";
      }
    }
    problems.accept(
        sensitive
            ? "unknown placeholder; " + SYNTAX
            : "unknown placeholder '${" + body + "}'; " + SYNTAX);
    return "";
  }
}
