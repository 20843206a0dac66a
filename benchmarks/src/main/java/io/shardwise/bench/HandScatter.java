package io.shardwise.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * The physical limit of a scatter: what the page {@link #SQL} costs when the application itself
 * sends its SQL to the four shard databases over direct HikariCP pools, one after another on the
 * client's thread, and merges the four sorted answers by {@code id} reading each shard's current
 * row in place. No router, no parallelism, no copying: any sharding layer that answers the page
 * from four databases does at least this much work, so the ratio shardwise-4 / this reference is
 * the driver's own cost and this reference / direct is the cost of having four databases answer
 * instead of one.
 */
public final class HandScatter {

  /** Rows of the page. */
  public static final int LIMIT = 100;

  /** A cross-shard page over table {@code bench_sbtest}, sharded by {@code id}. */
  public static final String SQL = "SELECT id, k, c FROM bench_sbtest ORDER BY id LIMIT " + LIMIT;

  private final List<DataSource> shards;

  public HandScatter(List<DataSource> shards) {
    this.shards = shards;
  }

  /**
   * Reads the page as an application would read it from shardwise: each row's {@code id} and {@code
   * c}.
   *
   * @return the sum of the ids and the lengths of {@code c}, for the caller to consume
   */
  public long run() throws SQLException {
    long sink = 0;
    int n = shards.size();
    Connection[] connections = new Connection[n];
    PreparedStatement[] statements = new PreparedStatement[n];
    ResultSet[] results = new ResultSet[n];
    long[] heads = new long[n];
    boolean[] live = new boolean[n];
    try {
      for (int i = 0; i < n; i++) {
        connections[i] = shards.get(i).getConnection();
        statements[i] = connections[i].prepareStatement(SQL);
        results[i] = statements[i].executeQuery();
        live[i] = advance(results[i], heads, i);
      }
      for (int taken = 0; taken < LIMIT; taken++) {
        int min = -1;
        for (int i = 0; i < n; i++) {
          if (live[i] && (min < 0 || heads[i] < heads[min])) {
            min = i;
          }
        }
        if (min < 0) {
          break;
        }
        sink += results[min].getLong(1) + results[min].getString(3).length();
        live[min] = advance(results[min], heads, min);
      }
      return sink;
    } finally {
      for (int i = 0; i < n; i++) {
        close(results[i]);
        close(statements[i]);
        close(connections[i]);
      }
    }
  }

  private static void close(AutoCloseable resource) throws SQLException {
    if (resource == null) {
      return;
    }
    try {
      resource.close();
    } catch (SQLException e) {
      throw e;
    } catch (Exception e) {
      throw new SQLException(e);
    }
  }

  private static boolean advance(ResultSet rs, long[] heads, int i) throws SQLException {
    if (!rs.next()) {
      return false;
    }
    heads[i] = rs.getLong(1);
    return true;
  }
}
