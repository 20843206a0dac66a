package io.shardwise.router.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import org.junit.jupiter.api.Test;

/**
 * Measures what {@code CCJSqlParserUtil.parse} costs over the direct {@code
 * newParser(sql).Statements()} the analyzer uses: threads started per call and time per parse.
 * Prints the figures recorded in docs/benchmarks.md; asserts only the thread count, which is not
 * noise.
 */
class ParserCostTest {

  private static final String SQL =
      "SELECT o.status, SUM(o.total) FROM orders o JOIN users u ON u.user_id = o.user_id"
          + " WHERE u.user_id IN (?, ?, ?) AND o.status <> 'void' GROUP BY o.status ORDER BY 2"
          + " DESC LIMIT 10";
  private static final int WARM_UP = 300;
  private static final int RUNS = 1_000;

  @Test
  void parseStartsAThreadPerCall_theDirectParserNone() throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < WARM_UP; i++) {
      CCJSqlParserUtil.parse(SQL);
      CCJSqlParserUtil.newParser(SQL).Statements();
    }
    long startedBefore = threads.getTotalStartedThreadCount();
    long t0 = System.nanoTime();
    for (int i = 0; i < RUNS; i++) {
      CCJSqlParserUtil.parse(SQL);
    }
    long viaParse = System.nanoTime() - t0;
    long threadsViaParse = threads.getTotalStartedThreadCount() - startedBefore;
    startedBefore = threads.getTotalStartedThreadCount();
    t0 = System.nanoTime();
    for (int i = 0; i < RUNS; i++) {
      CCJSqlParserUtil.newParser(SQL).Statements();
    }
    long direct = System.nanoTime() - t0;
    long threadsDirect = threads.getTotalStartedThreadCount() - startedBefore;
    System.out.printf(
        "[parser] %d parses: CCJSqlParserUtil.parse %.1f us/parse, %d threads started;"
            + " newParser(sql).Statements() %.1f us/parse, %d threads started; ratio %.2f%n",
        RUNS,
        viaParse / 1e3 / RUNS,
        threadsViaParse,
        direct / 1e3 / RUNS,
        threadsDirect,
        (double) viaParse / direct);
    assertThat(threadsDirect).isZero();
  }
}
