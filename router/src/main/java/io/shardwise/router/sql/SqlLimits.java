package io.shardwise.router.sql;

import java.time.Duration;

/**
 * The bounds on analysing one SQL text. JSqlParser's time grows polynomially with parenthesis depth
 * and exponentially with nested subqueries, so a statement the database answers in milliseconds
 * could otherwise hold a thread for minutes; these limits refuse it with an SQLState that names the
 * limit instead. A refusal is cached like any analysis, so a repeated statement costs nothing more.
 *
 * @param maxLength the longest SQL text analysed, in characters (SW020 beyond)
 * @param maxDepth the deepest nesting of parentheses outside literals and comments (SW021 beyond)
 * @param parseBudget the longest a parse may take (SW022 beyond)
 */
public record SqlLimits(int maxLength, int maxDepth, Duration parseBudget) {

  /** 1 MiB of text, 32 levels of parentheses, 2 s of parsing. */
  public static final SqlLimits DEFAULTS = new SqlLimits(1 << 20, 32, Duration.ofSeconds(2));
}
