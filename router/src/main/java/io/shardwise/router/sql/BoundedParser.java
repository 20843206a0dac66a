package io.shardwise.router.sql;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.statement.Statements;

/**
 * Runs JSqlParser on the caller's thread within a time budget. One shared daemon thread raises the
 * parser's {@code interrupted} flag when the budget is spent (JSqlParser's own timeout starts an
 * executor per call); the parser then gives up its deep lookaheads and fails soon after. A parse
 * that ends with the flag raised is over budget even if it produced a tree, since the tree may have
 * been read without the lookahead that picks the right alternative.
 *
 * <p>The parser runs in its simple mode first: its complex mode backtracks, and costs seconds at
 * ten levels of parentheses. Only a text the simple mode rejects, and no deeper than {@link
 * #COMPLEX_MAX_DEPTH}, gets the complex mode, within what is left of the budget.
 */
final class BoundedParser {

  /** JSqlParser's own bound for trying its complex mode ({@code ALLOWED_NESTING_DEPTH}). */
  static final int COMPLEX_MAX_DEPTH = 10;

  private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

  /** The statement took longer than the budget to parse. */
  static final class OverBudget extends Exception {
    OverBudget() {
      super(null, null, false, false);
    }
  }

  private BoundedParser() {}

  static Statements parse(String sql, boolean backslashEscapes, int depth, long budgetNanos)
      throws ParseException, OverBudget {
    long deadline = System.nanoTime() + budgetNanos;
    try {
      return parse(sql, backslashEscapes, false, budgetNanos);
    } catch (ParseException simpleFailed) {
      long left = deadline - System.nanoTime();
      if (depth > COMPLEX_MAX_DEPTH || left <= 0) {
        throw simpleFailed;
      }
      return parse(sql, backslashEscapes, true, left);
    }
  }

  private static Statements parse(
      String sql, boolean backslashEscapes, boolean complex, long budgetNanos)
      throws ParseException, OverBudget {
    CCJSqlParser parser =
        CCJSqlParserUtil.newParser(sql)
            .withAllowComplexParsing(complex)
            .withBackslashEscapeCharacter(backslashEscapes);
    ScheduledFuture<?> alarm =
        WATCHDOG.schedule(() -> parser.interrupted = true, budgetNanos, TimeUnit.NANOSECONDS);
    try {
      Statements statements = parser.Statements();
      if (parser.interrupted) {
        throw new OverBudget();
      }
      return statements;
    } catch (ParseException | RuntimeException e) {
      if (parser.interrupted) {
        throw new OverBudget();
      }
      throw e;
    } finally {
      alarm.cancel(false);
    }
  }

  private static ScheduledThreadPoolExecutor watchdog() {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "shardwise-parse-watchdog");
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }
}
