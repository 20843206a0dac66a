package io.shardwise.examples.flyway;

import io.shardwise.driver.ShardwiseDataSource;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Runs the application's Flyway migrations through a {@code jdbc:shardwise:} URL. Flyway gets a
 * {@link DataSource}, not the URL: given a URL, Flyway picks the database type from its prefix and
 * knows no {@code jdbc:shardwise:}; given a connection, it reads the product name from {@code
 * DatabaseMetaData}, which shardwise answers with the default shard's (PostgreSQL, MariaDB, H2).
 */
public final class Migrations {

  /** The application's migrations. */
  public static final String LOCATION = "classpath:db/migration";

  /** The shard-map section that goes with the migrations' tables. */
  public static final String TABLES =
      """
      tables:
        customers: { shardKey: customer_id, group: accounts }
        orders:    { shardKey: customer_id, group: accounts }
        countries: { broadcast: true }
      """;

  private Migrations() {}

  /** Flyway over {@code dataSource}, reading migrations from {@code locations}. */
  public static Flyway flyway(DataSource dataSource, String... locations) {
    return Flyway.configure()
        .dataSource(dataSource)
        .locations(locations)
        .failOnMissingLocations(true)
        .load();
  }

  /**
   * Migrates the database behind {@code shardwiseUrl}, e.g. {@code
   * jdbc:shardwise:/etc/app/shard-map.yaml?forcePrimary=true}.
   */
  public static void main(String[] args) throws SQLException {
    if (args.length != 1) {
      System.err.println("usage: Migrations <jdbc:shardwise: URL>");
      System.exit(2);
    }
    try (ShardwiseDataSource dataSource = new ShardwiseDataSource(args[0])) {
      MigrateResult result = flyway(dataSource, LOCATION).migrate();
      System.out.println(
          "Applied "
              + result.migrationsExecuted
              + " migration(s); schema version "
              + result.targetSchemaVersion);
    }
  }
}
