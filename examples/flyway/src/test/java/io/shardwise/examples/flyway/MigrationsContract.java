package io.shardwise.examples.flyway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardwise.driver.ShardwiseDataSource;
import io.shardwise.it.examples.ExampleShards;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Flyway through shardwise, the same on every engine: DDL of sharded and broadcast tables reaches
 * every shard, the schema-history table (not in the shard map) lives on the default shard only, a
 * second run changes nothing, and a failing migration leaves the shards alike — rolled back
 * everywhere where DDL is transactional (PostgreSQL), applied up to the failing statement
 * everywhere where it is not (MariaDB, H2), then repaired with {@code flyway repair} and a
 * corrected migration. Checked on each shard's primary over direct connections.
 */
abstract class MigrationsContract {

  private ExampleShards shards;
  private ShardwiseDataSource dataSource;

  abstract ExampleShards shards() throws Exception;

  /** The database product name the engine reports, which Flyway recognises it by. */
  abstract String productName();

  /** Whether the engine rolls DDL back with the transaction (Flyway then wraps each migration). */
  abstract boolean transactionalDdl();

  @BeforeEach
  void start() throws Exception {
    shards = shards();
    // Migration tools run on primaries only: forcePrimary keeps their reads off the replicas.
    dataSource =
        new ShardwiseDataSource(shards.shardwiseUrl(Migrations.TABLES) + "?forcePrimary=true");
  }

  @AfterEach
  void stop() {
    if (dataSource != null) {
      dataSource.close();
    }
  }

  @Test
  void migrationsReachEveryShard_historyStaysOnTheDefaultShard_andASecondRunIsANoOp()
      throws SQLException {
    MigrateResult first = Migrations.flyway(dataSource, Migrations.LOCATION).migrate();
    assertThat(first.migrationsExecuted).isEqualTo(3);
    try (Connection c = dataSource.getConnection()) {
      // What Flyway picked its database support by: the default shard's product.
      assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo(productName());
      assertThat(c.getMetaData().getDriverName()).isEqualTo("shardwise");
    }

    for (String shard : ExampleShards.SHARDS) {
      assertThat(count(shard, "SELECT COUNT(*) FROM countries")).as(shard).isEqualTo(3);
      assertThat(columnExists(shard, "customers", "email")).as(shard).isTrue();
      assertThat(count(shard, "SELECT COUNT(*) FROM orders")).as(shard).isZero();
    }
    assertThat(history("s1")).containsExactly("1:true", "2:true", "3:true");
    assertThat(historyTableExists("s2")).as("history on the non-default shard").isFalse();

    MigrateResult second = Migrations.flyway(dataSource, Migrations.LOCATION).migrate();
    assertThat(second.migrationsExecuted).isZero();
    assertThat(history("s1")).containsExactly("1:true", "2:true", "3:true");
    Migrations.flyway(dataSource, Migrations.LOCATION).validate();
  }

  @Test
  void aFailingMigrationLeavesTheShardsAlike_andRepairPlusAFixedMigrationCompletesIt()
      throws SQLException {
    Migrations.flyway(dataSource, Migrations.LOCATION).migrate();

    Flyway broken = Migrations.flyway(dataSource, Migrations.LOCATION, "classpath:db/broken");
    assertThatThrownBy(broken::migrate)
        .isInstanceOf(FlywayException.class)
        .hasMessageContaining("V4__customer_phone.sql");

    for (String shard : ExampleShards.SHARDS) {
      assertThat(columnExists(shard, "customers", "phone"))
          .as("the first statement of the failed migration on %s", shard)
          .isEqualTo(!transactionalDdl());
    }
    if (transactionalDdl()) {
      assertThat(history("s1")).containsExactly("1:true", "2:true", "3:true");
    } else {
      assertThat(history("s1")).containsExactly("1:true", "2:true", "3:true", "4:false");
    }

    Flyway fixed = Migrations.flyway(dataSource, Migrations.LOCATION, "classpath:db/fixed");
    fixed.repair();
    assertThat(history("s1")).containsExactly("1:true", "2:true", "3:true");
    assertThat(fixed.migrate().migrationsExecuted).isEqualTo(1);
    for (String shard : ExampleShards.SHARDS) {
      assertThat(columnExists(shard, "customers", "phone")).as(shard).isTrue();
    }
    assertThat(history("s1")).containsExactly("1:true", "2:true", "3:true", "4:true");
    assertThat(historyTableExists("s2")).isFalse();
  }

  /**
   * Given a URL instead of a DataSource, Flyway picks its database support by the URL's prefix
   * before connecting, and knows no {@code jdbc:shardwise:}: hence {@link Migrations} passes a
   * DataSource.
   */
  @Test
  void givenTheUrlInsteadOfADataSource_flywayCannotPickTheDatabase() {
    String url = dataSource.getUrl();
    assertThatThrownBy(() -> Flyway.configure().dataSource(url, null, null).load().migrate())
        .isInstanceOf(FlywayException.class)
        .hasMessageContaining("No Flyway database plugin found to handle")
        .hasMessageContaining("jdbc:shardwise:");
  }

  // ---- direct checks on one shard's primary ------------------------------------------------

  private long count(String shard, String sql) throws SQLException {
    try (Connection c = shards.primary(shard);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private boolean columnExists(String shard, String table, String column) throws SQLException {
    try (Connection c = shards.primary(shard);
        Statement s = c.createStatement()) {
      s.executeQuery("SELECT " + column + " FROM " + table + " WHERE 1 = 0").close();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  private boolean historyTableExists(String shard) throws SQLException {
    try (Connection c = shards.primary(shard);
        ResultSet rs = c.getMetaData().getTables(c.getCatalog(), c.getSchema(), "%", null)) {
      while (rs.next()) {
        if (rs.getString("TABLE_NAME").equalsIgnoreCase("flyway_schema_history")) {
          return true;
        }
      }
      return false;
    }
  }

  /** The history rows, {@code version:success}, in installation order. */
  private List<String> history(String shard) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = shards.primary(shard);
        Statement s = c.createStatement()) {
      String q = c.getMetaData().getIdentifierQuoteString();
      // Flyway quotes the names it creates: lower case on every engine.
      String version = q + "version" + q;
      String sql =
          "SELECT "
              + version
              + ", "
              + q
              + "success"
              + q
              + " FROM "
              + q
              + "flyway_schema_history"
              + q
              + " WHERE "
              + version
              + " IS NOT NULL ORDER BY "
              + q
              + "installed_rank"
              + q;
      try (ResultSet rs = s.executeQuery(sql)) {
        while (rs.next()) {
          rows.add(rs.getString(1) + ":" + rs.getBoolean(2));
        }
      }
    }
    return rows;
  }
}
