package io.shardwise.bench.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * The physical limit of a scatter: what {@link Workload#SCATTER_ORDER_LIMIT} costs when the
 * application itself sends its SQL to the four shard databases over direct HikariCP pools, one
 * after another on the client's thread, and merges the four sorted answers by {@code id} reading
 * each shard's current row in place. No router, no parallelism, no copying: any sharding layer that
 * answers the page from four databases does at least this much work, so the ratio shardwise-4 /
 * this reference is the driver's own cost and this reference / direct is the cost of having four
 * databases answer instead of one.
 */
final class HandScatter {

  private final List<DataSource> shards;

  HandScatter(List<DataSource> shards) {
    this.shards = shards;
  }

  void run(Workload.Client client) throws SQLException {
    int n = shards.size();
    Connection[] connections = new Connection[n];
    PreparedStatement[] statements = new PreparedStatement[n];
    ResultSet[] results = new ResultSet[n];
    long[] heads = new long[n];
    boolean[] live = new boolean[n];
    try {
      for (int i = 0; i < n; i++) {
        connections[i] = shards.get(i).getConnection();
        statements[i] = connections[i].prepareStatement(Workload.SCATTER_SQL);
        results[i] = statements[i].executeQuery();
        live[i] = advance(results[i], heads, i);
      }
      for (int taken = 0; taken < Workload.SCATTER_LIMIT; taken++) {
        int min = -1;
        for (int i = 0; i < n; i++) {
          if (live[i] && (min < 0 || heads[i] < heads[min])) {
            min = i;
          }
        }
        if (min < 0) {
          break;
        }
        client.sink += results[min].getLong(1) + results[min].getString(3).length();
        live[min] = advance(results[min], heads, min);
      }
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
