package io.shardwise.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardwise.router.route.NodeRole;
import io.shardwise.router.route.RoutePlan.RoleReason;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The URL, {@link java.sql.Driver} contract, URL properties and the runtime a URL shares. */
class ShardwiseDriverTest {

  private static H2Shards shards;

  @BeforeAll
  static void schema() throws Exception {
    shards = new H2Shards("driver", 2, "");
    try (Connection c = DriverManager.getConnection(shards.url());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE users (user_id BIGINT PRIMARY KEY, name VARCHAR(40))");
      s.execute("CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(40))");
      s.executeUpdate("INSERT INTO users (user_id, name) VALUES (7, 'seven')");
      s.executeUpdate("INSERT INTO notes (id, body) VALUES (1, 'one')");
    }
  }

  @AfterAll
  static void close() throws Exception {
    ShardwiseDriver.shutdown(shards.url() + "?forcePrimary=true");
    shards.close();
  }

  private static String currentUser(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }

  @Test
  void acceptsURL_onlyShardwiseUrls() throws Exception {
    Driver driver = new ShardwiseDriver();
    assertThat(driver.acceptsURL("jdbc:shardwise:/etc/app/map.yaml")).isTrue();
    assertThat(driver.acceptsURL("jdbc:shardwise:classpath:map.yaml?forcePrimary=true")).isTrue();
    assertThat(driver.acceptsURL("jdbc:h2:mem:x")).isFalse();
    assertThat(driver.acceptsURL("jdbc:postgresql://localhost/app")).isFalse();
    assertThat(driver.acceptsURL("shardwise:/etc/app/map.yaml")).isFalse();
    assertThat(driver.acceptsURL(null)).isFalse();
  }

  @Test
  void connect_returnsNullForAnotherDriversUrl() throws Exception {
    assertThat(new ShardwiseDriver().connect("jdbc:h2:mem:not-ours", new Properties())).isNull();
  }

  @Test
  void driverManager_findsTheDriverThroughTheServiceFile() throws Exception {
    assertThat(DriverManager.getDriver(shards.url())).isInstanceOf(ShardwiseDriver.class);
    // and leaves other URLs to their own drivers
    assertThat(DriverManager.getDriver("jdbc:h2:mem:x")).isNotInstanceOf(ShardwiseDriver.class);
  }

  @Test
  void connect_ignoresUserAndPasswordGivenToDriverManager() throws Exception {
    try (Connection c = DriverManager.getConnection(shards.url(), "nobody", "wrong")) {
      assertThat(currentUser(c, "SELECT CURRENT_USER FROM users WHERE user_id = 7"))
          .isEqualTo("REPLICA");
    }
  }

  @Test
  void classpathMap_isLoadedFromTheClasspath() throws Exception {
    String s1 = "jdbc:h2:mem:driver-test-classpath-s1;DB_CLOSE_DELAY=-1";
    String s2 = "jdbc:h2:mem:driver-test-classpath-s2;DB_CLOSE_DELAY=-1";
    H2Shards.createDatabase(s1);
    H2Shards.createDatabase(s2);
    String url = "jdbc:shardwise:classpath:maps/classpath-two-shards.yaml";
    try {
      try (Connection c = DriverManager.getConnection(url);
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE users (user_id BIGINT PRIMARY KEY)");
        for (long id = 1; id <= 20; id++) {
          s.executeUpdate("INSERT INTO users (user_id) VALUES (" + id + ")");
        }
        assertThat(c.unwrap(ShardwiseConnection.class).lastRoute().nodes())
            .singleElement()
            .asString()
            .matches("s[12]/primary");
      }
      long onS1 = count(s1, "SELECT COUNT(*) FROM users");
      long onS2 = count(s2, "SELECT COUNT(*) FROM users");
      assertThat(onS1 + onS2).isEqualTo(20);
      assertThat(onS1).as("rows on s1").isPositive();
      assertThat(onS2).as("rows on s2").isPositive();
    } finally {
      ShardwiseDriver.shutdown(url);
      for (String h2 : new String[] {s1, s2}) {
        try (Connection c = DriverManager.getConnection(h2, "sa", "");
            Statement s = c.createStatement()) {
          s.execute("SHUTDOWN");
        }
      }
    }
  }

  private static long count(String h2Url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(h2Url, "sa", "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void missingClasspathMap_isAnInvalidShardMap() {
    assertThatThrownBy(
            () -> DriverManager.getConnection("jdbc:shardwise:classpath:maps/no-such-map.yaml"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("no-such-map.yaml")
        .hasFieldOrPropertyWithValue("SQLState", "SW007");
  }

  @Test
  void unknownUrlProperty_isRefusedWithTheKnownOnes() {
    String url = shards.url() + "?forcePrimary=true&user=sa";
    assertThatThrownBy(() -> DriverManager.getConnection(url))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("Unknown URL property 'user'")
        .hasMessageContaining("known properties: [forcePrimary]")
        .hasMessageContaining("credentials belong in the shard map")
        .hasFieldOrPropertyWithValue("SQLState", "SW009");
  }

  @Test
  void urlPropertyWithAValueOutsideItsChoices_isRefused() {
    assertThatThrownBy(() -> DriverManager.getConnection(shards.url() + "?forcePrimary=yes"))
        .hasMessageContaining("URL property forcePrimary has a value outside")
        .hasMessageContaining("[true, false]")
        .hasFieldOrPropertyWithValue("SQLState", "SW009");
  }

  @Test
  void urlWithoutAShardMap_isRefused() {
    assertThatThrownBy(() -> DriverManager.getConnection("jdbc:shardwise:?forcePrimary=true"))
        .hasMessageContaining("names no shard map")
        .hasFieldOrPropertyWithValue("SQLState", "SW009");
    assertThatThrownBy(() -> ShardwiseDriver.shutdown("jdbc:h2:mem:x"))
        .hasMessageContaining("Not a shardwise URL")
        .hasFieldOrPropertyWithValue("SQLState", "SW009");
  }

  @Test
  void forcePrimaryProperty_sendsReadsToThePrimary() throws Exception {
    String sql = "SELECT CURRENT_USER FROM users WHERE user_id = 7";
    try (Connection c = DriverManager.getConnection(shards.url() + "?forcePrimary=true")) {
      ShardwiseConnection shardwise = c.unwrap(ShardwiseConnection.class);
      assertThat(shardwise.isForcePrimary()).isTrue();
      assertThat(currentUser(c, sql)).isEqualTo("SA");
      assertThat(shardwise.lastRoute().role()).isEqualTo(NodeRole.PRIMARY);
      assertThat(shardwise.lastRoute().roleReason()).isEqualTo(RoleReason.HINT);
      assertThat(shardwise.lastRoute().nodes()).containsExactly(shards.shardFor(7L) + "/primary");
      // the API turns it off again for this connection
      shardwise.setForcePrimary(false);
      assertThat(currentUser(c, sql)).isEqualTo("REPLICA");
    }
    try (Connection c = DriverManager.getConnection(shards.url() + "?forcePrimary=false")) {
      assertThat(currentUser(c, sql)).isEqualTo("REPLICA");
    }
    try (Connection c = DriverManager.getConnection(shards.url())) {
      assertThat(currentUser(c, sql)).isEqualTo("REPLICA");
      c.unwrap(ShardwiseConnection.class).setForcePrimary(true);
      assertThat(currentUser(c, sql)).isEqualTo("SA");
    }
  }

  @Test
  void primaryHintComment_sendsOneReadToThePrimary() throws Exception {
    try (Connection c = DriverManager.getConnection(shards.url())) {
      assertThat(
              currentUser(
                  c, "SELECT /* shardwise:primary */ CURRENT_USER FROM users WHERE user_id = 7"))
          .isEqualTo("SA");
      assertThat(currentUser(c, "SELECT CURRENT_USER FROM users WHERE user_id = 7"))
          .isEqualTo("REPLICA");
    }
  }

  @Test
  void getPropertyInfo_listsEveryPropertyWithItsValueAndChoices() throws Exception {
    Driver driver = DriverManager.getDriver(shards.url());
    DriverPropertyInfo[] defaults = driver.getPropertyInfo(shards.url(), new Properties());
    assertThat(defaults).hasSize(1);
    DriverPropertyInfo forcePrimary = defaults[0];
    assertThat(forcePrimary.name).isEqualTo("forcePrimary");
    assertThat(forcePrimary.value).isEqualTo("false");
    assertThat(forcePrimary.choices).containsExactly("true", "false");
    assertThat(forcePrimary.description).contains("primaries");
    assertThat(forcePrimary.required).isFalse();

    DriverPropertyInfo[] given =
        driver.getPropertyInfo(shards.url() + "?forcePrimary=true", new Properties());
    assertThat(given[0].value).isEqualTo("true");

    // another driver's URL: the defaults, no error
    assertThat(driver.getPropertyInfo("jdbc:h2:mem:x", null)[0].value).isEqualTo("false");
  }

  @Test
  void driverDescribesItself() {
    Driver driver = new ShardwiseDriver();
    assertThat(driver.getMajorVersion()).isZero();
    assertThat(driver.getMinorVersion()).isEqualTo(1);
    assertThat(driver.jdbcCompliant()).isFalse();
  }

  /**
   * Connections to one URL, and to another spelling of the same map file, share one pool per node:
   * once s1's primary has a pooled connection, further connections writing there open no session.
   */
  @Test
  void sameMap_sharesOnePoolPerNode() throws Exception {
    String url = shards.url();
    String otherSpelling =
        "jdbc:shardwise:" + shards.map().getParent() + "/./" + shards.map().getFileName();
    ShardwiseDriver.shutdown(url + "?forcePrimary=true"); // other tests may have used it
    deleteNothingFromNotes(url); // notes lives on s1: its primary's pool now holds a connection
    long before = sessionsOfSa();
    for (String sameMap : new String[] {url, url, otherSpelling, url}) {
      deleteNothingFromNotes(sameMap);
    }
    assertThat(sessionsOfSa()).as("SA sessions on s1").isEqualTo(before);
    // properties are part of a runtime's identity: forcePrimary=true has pools of its own
    deleteNothingFromNotes(url + "?forcePrimary=true");
    assertThat(sessionsOfSa()).as("SA sessions on s1").isEqualTo(before + 1);
  }

  private static void deleteNothingFromNotes(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM notes WHERE id = -1");
    }
  }

  /** SA sessions on s1 other than the one counting them. */
  private static long sessionsOfSa() throws SQLException {
    return shards.queryLong(
            "s1", "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE USER_NAME = 'SA'")
        - 1;
  }

  @Test
  void shutdown_closesTheRuntimeOfEveryConnectionToTheUrlAndTheNextConnectReloads()
      throws Exception {
    String url = shards.url();
    String sameMapRelative =
        "jdbc:shardwise:" + java.nio.file.Path.of("").toAbsolutePath().relativize(shards.map());
    String otherRuntime = url + "?forcePrimary=true";
    try (Connection first = DriverManager.getConnection(url);
        Connection second = DriverManager.getConnection(sameMapRelative);
        Connection separate = DriverManager.getConnection(otherRuntime)) {
      for (Connection c : new Connection[] {first, second, separate}) {
        currentUser(c, "SELECT CURRENT_USER FROM notes");
      }
      ShardwiseDriver.shutdown(url);
      for (Connection c : new Connection[] {first, second}) {
        assertThatThrownBy(() -> currentUser(c, "SELECT CURRENT_USER FROM notes"))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("[s1/replica-0]")
            .hasMessageContaining("has been shut down")
            .hasFieldOrPropertyWithValue("SQLState", "08003");
      }
      assertThat(currentUser(separate, "SELECT CURRENT_USER FROM notes")).isEqualTo("SA");
      try (Connection fresh = DriverManager.getConnection(url)) {
        assertThat(currentUser(fresh, "SELECT CURRENT_USER FROM notes")).isEqualTo("REPLICA");
      }
    }
  }

  @Test
  void preparedStatementsOfDifferentConnections_routeAlike() throws Exception {
    try (Connection c = DriverManager.getConnection(shards.url());
        PreparedStatement read = c.prepareStatement("SELECT name FROM users WHERE user_id = ?")) {
      read.setLong(1, 7);
      try (ResultSet rs = read.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("seven");
      }
      assertThat(c.unwrap(ShardwiseConnection.class).lastRoute().nodes())
          .containsExactly(shards.shardFor(7L) + "/replica-0");
    }
  }
}
