package io.shardwise.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code DatabaseMetaData} as tools (Hibernate's schema validation, Flyway's database detection)
 * use it: the default shard's tables, keys and product, the logical connection and driver, and
 * capabilities that say what shardwise does. Each node's pool holds one connection, so a metadata
 * object that kept a physical connection would make the next statement on s1 time out.
 */
class LogicalDatabaseMetaDataTest {

  private H2Shards shards;

  @BeforeEach
  void start() throws Exception {
    shards = new H2Shards("meta", 2, H2Shards.ONE_CONNECTION_POOLS);
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE users (user_id BIGINT PRIMARY KEY, name VARCHAR(20) NOT NULL)");
      s.execute(
          "CREATE TABLE orders (user_id BIGINT NOT NULL, order_id INT NOT NULL, total INT,"
              + " PRIMARY KEY (user_id, order_id),"
              + " FOREIGN KEY (user_id) REFERENCES users (user_id))");
      s.execute("CREATE INDEX orders_by_total ON orders (total)");
    }
  }

  @AfterEach
  void stop() throws Exception {
    shards.close(); // shuts the runtime down too
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(shards.url());
  }

  @Test
  void tablesColumnsAndKeysOfLogicalTables_comeFromTheDefaultShard() throws Exception {
    shards.execute("s2", "CREATE TABLE only_on_s2 (id INT)");
    try (Connection c = connect()) {
      DatabaseMetaData meta = c.getMetaData();
      assertThat(column(meta.getTables(null, "PUBLIC", "%", new String[] {"TABLE"}), "TABLE_NAME"))
          .contains("USERS", "ORDERS")
          .doesNotContain("ONLY_ON_S2");
      assertThat(column(meta.getColumns(null, "PUBLIC", "ORDERS", "%"), "COLUMN_NAME"))
          .containsExactly("USER_ID", "ORDER_ID", "TOTAL");
      assertThat(column(meta.getPrimaryKeys(null, "PUBLIC", "ORDERS"), "COLUMN_NAME"))
          .containsExactlyInAnyOrder("USER_ID", "ORDER_ID");
      assertThat(column(meta.getImportedKeys(null, "PUBLIC", "ORDERS"), "PKTABLE_NAME"))
          .containsExactly("USERS");
      assertThat(column(meta.getIndexInfo(null, "PUBLIC", "ORDERS", false, true), "INDEX_NAME"))
          .contains("ORDERS_BY_TOTAL");
      assertThat(c.getSchema()).isEqualTo("PUBLIC");
      assertThat(c.getCatalog()).isEqualTo(catalogOfS1());

      ResultSet rs = meta.getTables(null, "PUBLIC", "USERS", null);
      assertThat(rs.getStatement()).as("metadata results have no statement").isNull();
      assertThat(rs.getType()).isEqualTo(ResultSet.TYPE_FORWARD_ONLY);
      assertThat(rs.findColumn("table_name")).isEqualTo(rs.findColumn("TABLE_NAME"));
      rs.close();
    }
  }

  @Test
  void productIsTheDatabases_driverAndConnectionAreShardwises_capabilitiesAreWhatItDoes()
      throws Exception {
    try (Connection c = connect()) {
      DatabaseMetaData meta = c.getMetaData();
      assertThat(meta.getConnection()).isSameAs(c);
      assertThat(meta.getURL()).isEqualTo(shards.url());
      assertThat(meta.getDatabaseProductName()).isEqualTo("H2");
      assertThat(meta.getDatabaseMajorVersion()).isEqualTo(2);
      assertThat(meta.getDriverName()).isEqualTo("shardwise");
      assertThat(meta.getDriverVersion()).isEqualTo(ShardwiseDriver.VERSION);
      assertThat(meta.getDriverMajorVersion()).isEqualTo(new ShardwiseDriver().getMajorVersion());
      assertThat(meta.getIdentifierQuoteString()).isEqualTo("\"");
      assertThat(meta.supportsTransactions()).isTrue();
      assertThat(meta.supportsBatchUpdates()).isTrue();
      assertThat(meta.supportsGetGeneratedKeys()).isTrue();
      assertThat(meta.supportsResultSetType(ResultSet.TYPE_FORWARD_ONLY)).isTrue();
      assertThat(meta.supportsResultSetType(ResultSet.TYPE_SCROLL_INSENSITIVE)).isFalse();
      assertThat(
              meta.supportsResultSetConcurrency(
                  ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE))
          .isFalse();
      assertThat(meta.supportsSavepoints()).isFalse();
      assertThat(meta.supportsMultipleResultSets()).isFalse();
      assertThat(meta.supportsSharding()).isFalse();
      assertThat(meta.isWrapperFor(DatabaseMetaData.class)).isTrue();
      assertThatThrownBy(() -> meta.unwrap(org.h2.jdbc.JdbcDatabaseMetaData.class))
          .isInstanceOf(SQLException.class);
    }
  }

  @Test
  void aKeptMetaDataObjectAndItsOpenResultSet_holdNoPhysicalConnection() throws Exception {
    try (Connection c = connect()) {
      DatabaseMetaData meta = c.getMetaData();
      ResultSet open = meta.getColumns(null, "PUBLIC", "USERS", "%");
      // s1's pool holds one connection: this write on another logical connection needs it.
      try (Connection other = connect();
          Statement s = other.createStatement()) {
        other.setAutoCommit(false);
        s.executeUpdate("INSERT INTO users (user_id, name) VALUES (" + keyOnS1() + ", 'a')");
        other.commit();
      }
      assertThat(column(open, "COLUMN_NAME")).containsExactly("USER_ID", "NAME");
      assertThat(outstanding("s1/primary")).isZero();
    }
  }

  @Test
  void insideATransaction_metaDataUsesTheConnectionTheTransactionHolds() throws Exception {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.executeUpdate("INSERT INTO users (user_id, name) VALUES (" + keyOnS1() + ", 'a')");
      // the transaction holds s1's only connection; a second borrow would time out
      assertThat(column(c.getMetaData().getTables(null, "PUBLIC", "USERS", null), "TABLE_NAME"))
          .containsExactly("USERS");
      assertThat(c.getSchema()).isEqualTo("PUBLIC");
      c.rollback();
    }
    assertThat(outstanding("s1/primary")).isZero();
  }

  // ---- helpers --------------------------------------------------------------------------

  private long keyOnS1() throws SQLException {
    for (long key = 1; ; key++) {
      if (shards.shardFor(key).equals("s1")) {
        return key;
      }
    }
  }

  private String catalogOfS1() throws SQLException {
    try (Connection direct = shards.direct("s1")) {
      return direct.getCatalog();
    }
  }

  private int outstanding(String node) throws SQLException {
    return ShardwiseDriver.metrics(shards.url()).node(node).orElseThrow().outstanding();
  }

  private static List<String> column(ResultSet rs, String label) throws SQLException {
    List<String> values = new ArrayList<>();
    try (rs) {
      while (rs.next()) {
        values.add(rs.getString(label));
      }
    }
    return values;
  }
}
