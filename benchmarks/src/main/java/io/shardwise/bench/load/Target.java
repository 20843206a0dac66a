package io.shardwise.bench.load;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A configuration under test.
 *
 * @param name how the report names it
 * @param operation runs one operation of a workload against it
 */
record Target(String name, Operation operation) {

  /** One operation of {@code workload} for one client. */
  @FunctionalInterface
  interface Operation {
    void run(Workload workload, Workload.Client client) throws SQLException;
  }

  /** A pool or data source: each operation borrows a connection, as an application does. */
  static Target pooled(String name, DataSource dataSource) {
    return new Target(
        name,
        (workload, client) -> {
          try (Connection c = dataSource.getConnection()) {
            workload.run(c, client);
          }
        });
  }
}
