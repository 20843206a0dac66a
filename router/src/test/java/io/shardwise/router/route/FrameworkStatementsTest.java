package io.shardwise.router.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardwise.router.Router;
import io.shardwise.router.config.UnanalysablePolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Statements that Hibernate and Flyway write themselves, verbatim, routed as the contract says
 * (docs/frameworks.md). An application cannot rewrite them, so each must route, not be refused.
 */
class FrameworkStatementsTest {

  private final Router router = TestMaps.router(UnanalysablePolicy.REFUSE);

  private RoutePlan route(String sql) throws Exception {
    return router.route(sql, ParameterValues.of(List.of()), SessionState.AUTOCOMMIT);
  }

  /**
   * Flyway's MySQL/MariaDB schema-history table, verbatim: an unlisted table, so the default shard.
   * JSqlParser rejects its unnamed {@code CONSTRAINT PRIMARY KEY}; the table name still places it.
   */
  @Test
  void flywayHistoryTableOnMariaDb_isCreatedOnTheDefaultShard() throws Exception {
    String create =
        """
        CREATE TABLE `orm_flyway`.`flyway_schema_history` (
            `installed_rank` INT NOT NULL,
            `version` VARCHAR(50),
            `description` VARCHAR(200) NOT NULL,
            `type` VARCHAR(20) NOT NULL,
            `script` VARCHAR(1000) NOT NULL,
            `checksum` INT,
            `installed_by` VARCHAR(100) NOT NULL,
            `installed_on` TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
            `execution_time` INT NOT NULL,
            `success` BOOL NOT NULL,
            CONSTRAINT  PRIMARY KEY (`installed_rank`)
        )""";
    RoutePlan plan = route(create);
    assertThat(plan.destination()).isEqualTo(new Destination.Shard("s1"));
    assertThat(plan.role()).isEqualTo(NodeRole.PRIMARY);
    RoutePlan index =
        route(
            "CREATE INDEX `flyway_schema_history_s_idx` ON"
                + " `orm_flyway`.`flyway_schema_history` (`success`)");
    assertThat(index.destination()).isEqualTo(new Destination.Shard("s1"));
  }

  @Test
  void anUnparseableCreateTableOfAShardedTable_runsOnEveryShard() throws Exception {
    RoutePlan plan =
        route(
            "CREATE TABLE IF NOT EXISTS \"app\".\"orders\" (order_id INT,"
                + " CONSTRAINT PRIMARY KEY (order_id))");
    assertThat(plan.destination()).isEqualTo(new Destination.AllShards(List.of("s1", "s2", "s3")));
    assertThat(plan.role()).isEqualTo(NodeRole.PRIMARY);
  }

  /** Flyway's PostgreSQL support reads the search path when it opens a connection. */
  @Test
  void showOfASetting_readsTheDefaultShard() throws Exception {
    RoutePlan plan = route("SHOW search_path");
    assertThat(plan.destination()).isEqualTo(new Destination.Shard("s1"));
  }
}
