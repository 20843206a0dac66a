package io.shardwise.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link ShardwiseDataSource}: configured by URL, and its close() shuts the runtime down. */
class ShardwiseDataSourceTest {

  private H2Shards shards;

  @BeforeEach
  void shards() throws Exception {
    shards = new H2Shards("datasource", 2, "");
  }

  @AfterEach
  void close() throws Exception {
    shards.close();
  }

  /** Which node answered a query that reads no table: the default shard's replica. */
  private static String defaultShardNode(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT CURRENT_USER")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("REPLICA");
    }
    return c.unwrap(ShardwiseConnection.class).lastRoute().nodes().get(0);
  }

  @Test
  void withoutUrl_getConnectionIsRefused() throws Exception {
    try (ShardwiseDataSource dataSource = new ShardwiseDataSource()) {
      assertThat(dataSource.getUrl()).isNull();
      assertThatThrownBy(dataSource::getConnection)
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("has no URL")
          .hasFieldOrPropertyWithValue("SQLState", "SW009");
    }
  }

  @Test
  void invalidUrl_isRefusedBySetUrl() {
    ShardwiseDataSource dataSource = new ShardwiseDataSource();
    assertThatThrownBy(() -> dataSource.setUrl("jdbc:h2:mem:x"))
        .hasFieldOrPropertyWithValue("SQLState", "SW009");
    assertThatThrownBy(() -> dataSource.setUrl(shards.url() + "?pool=2"))
        .hasMessageContaining("Unknown URL property 'pool'")
        .hasFieldOrPropertyWithValue("SQLState", "SW009");
    assertThat(dataSource.getUrl()).as("a refused URL is not kept").isNull();
  }

  @Test
  void connections_routeThroughTheMapOfTheUrl() throws Exception {
    try (ShardwiseDataSource dataSource = new ShardwiseDataSource(shards.url())) {
      assertThat(dataSource.getUrl()).isEqualTo(shards.url());
      try (Connection c = dataSource.getConnection("ignored", "ignored")) {
        assertThat(defaultShardNode(c)).isEqualTo("s1/replica-0");
        assertThat(c.getMetaData().getURL()).isEqualTo(shards.url());
      }
    }
  }

  @Test
  void forcePrimaryInTheUrl_appliesToItsConnections() throws Exception {
    try (ShardwiseDataSource dataSource = new ShardwiseDataSource()) {
      dataSource.setUrl(shards.url() + "?forcePrimary=true");
      try (Connection c = dataSource.getConnection();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT CURRENT_USER")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("SA");
      }
    }
  }

  @Test
  void close_shutsThePoolsAndANewDataSourceLoadsTheMapAgain() throws Exception {
    ShardwiseDataSource dataSource = new ShardwiseDataSource(shards.url());
    Connection before = dataSource.getConnection();
    assertThat(defaultShardNode(before)).isEqualTo("s1/replica-0");

    Files.writeString(
        shards.map(),
        Files.readString(shards.map()).replace("defaultShard: s1", "defaultShard: s2"));
    try (Connection cached = dataSource.getConnection()) {
      assertThat(defaultShardNode(cached))
          .as("the map is read once per runtime")
          .isEqualTo("s1/replica-0");
    }

    dataSource.close();
    assertThat(dataSource.isClosed()).isTrue();
    assertThat(before.isValid(1)).as("a connection of the closed runtime").isFalse();
    assertThatThrownBy(() -> defaultShardNode(before))
        .as("a connection of the closed runtime")
        .hasMessageContaining("[s1/replica-0]")
        .hasMessageContaining("has been shut down")
        .hasFieldOrPropertyWithValue("SQLState", "08003");
    before.close();
    assertThatThrownBy(dataSource::getConnection)
        .as("a closed data source, like a closed HikariDataSource, lends nothing")
        .hasMessageContaining("has been closed")
        .hasFieldOrPropertyWithValue("SQLState", "08003");

    try (ShardwiseDataSource next = new ShardwiseDataSource(shards.url());
        Connection after = next.getConnection()) {
      assertThat(defaultShardNode(after)).isEqualTo("s2/replica-0");
    }
  }

  @Test
  void theRuntimeClosesWithTheLastDataSourceHoldingIt() throws Exception {
    ShardwiseDataSource first = new ShardwiseDataSource(shards.url());
    ShardwiseDataSource second = new ShardwiseDataSource(shards.url());
    try (Connection a = first.getConnection();
        Connection b = second.getConnection()) {
      assertThat(defaultShardNode(a)).isEqualTo("s1/replica-0");
      first.close();
      assertThat(b.isValid(1)).as("second still holds the runtime").isTrue();
      assertThat(defaultShardNode(b)).isEqualTo("s1/replica-0");
      second.close();
      assertThat(b.isValid(1)).as("the last holder closed it").isFalse();
    }
  }

  @Test
  void setUrlAfterTheFirstConnection_isRefused() throws Exception {
    try (ShardwiseDataSource dataSource = new ShardwiseDataSource(shards.url());
        Connection c = dataSource.getConnection()) {
      assertThatThrownBy(() -> dataSource.setUrl(shards.url() + "?forcePrimary=true"))
          .hasMessageContaining("already made connections")
          .hasFieldOrPropertyWithValue("SQLState", "SW010");
      assertThat(c.isValid(0)).isTrue();
    }
  }

  @Test
  void close_withoutUrl_doesNothing() {
    new ShardwiseDataSource().close();
  }

  @Test
  void plainDataSourceSettings() throws Exception {
    try (ShardwiseDataSource dataSource = new ShardwiseDataSource(shards.url())) {
      dataSource.setLoginTimeout(5);
      assertThat(dataSource.getLoginTimeout()).isEqualTo(5);
      java.io.PrintWriter writer = new java.io.PrintWriter(java.io.Writer.nullWriter());
      dataSource.setLogWriter(writer);
      assertThat(dataSource.getLogWriter()).isSameAs(writer);
      assertThat(dataSource.unwrap(ShardwiseDataSource.class)).isSameAs(dataSource);
      assertThat(dataSource.isWrapperFor(javax.sql.DataSource.class)).isTrue();
      assertThatThrownBy(() -> dataSource.unwrap(Connection.class))
          .hasFieldOrPropertyWithValue("SQLState", "SW010");
      assertThatThrownBy(dataSource::getParentLogger)
          .isInstanceOf(SQLFeatureNotSupportedException.class);
    }
  }
}
