package io.shardwise.it.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardwise.it.topology.Engine;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

class PgLifecycleTest extends LifecycleContractTest {

  private static final String SCHEMA = "core7_lifecycle";
  private static final String APPLICATION = "core7-lifecycle";

  PgLifecycleTest() {
    super(Engine.PG);
  }

  @Override
  String ownUrl(String url) {
    return url + "?currentSchema=" + SCHEMA + "&ApplicationName=" + APPLICATION;
  }

  @Override
  void recreate(Statement primary) throws SQLException {
    primary.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    primary.execute("CREATE SCHEMA " + SCHEMA);
  }

  @Override
  String sessionQuery() {
    return "SELECT pg_backend_pid(), current_setting('transaction_read_only'),"
        + " current_setting('transaction_isolation'), inet_server_port()";
  }

  @Override
  String defaultIsolation() {
    return "READ COMMITTED";
  }

  @Override
  long sessions(Statement direct) throws SQLException {
    try (ResultSet rs =
        direct.executeQuery(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                + APPLICATION
                + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** pgjdbc starts a read-only connection's transactions with BEGIN READ ONLY. */
  @Override
  void assertReadOnlyOnTheServer(Session session) {
    assertThat(session.readOnly()).isTrue();
  }
}
