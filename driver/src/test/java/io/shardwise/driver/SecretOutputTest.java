package io.shardwise.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardwise.driver.node.Node;
import io.shardwise.driver.runtime.RuntimeRegistry;
import io.shardwise.driver.runtime.ShardwiseUrl;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node URLs that carry passwords, in several URL forms and through {@code ${env:...}}: no output
 * the driver produces shows one. Metrics, JMX, node and map {@code toString} (what DEBUG lines
 * print), the reload audit line and the WARN of a refused reload.
 */
class SecretOutputTest {

  /** The build sets it for the test JVM (see the surefire configuration of the parent pom). */
  private static final String ENV_SECRET = "from-the-environment";

  private static final List<String> SECRETS =
      List.of("Zq1userinfo", "Zq2query", "Zq3ssl", "Zq4semicolon", "Zq5mysql", ENV_SECRET);

  private String h2;
  private Path map;
  private String url;

  @BeforeEach
  void setUp(@TempDir Path dir) throws Exception {
    h2 =
        "jdbc:h2:mem:secrets-"
            + UUID.randomUUID().toString().substring(0, 8)
            + ";DB_CLOSE_DELAY=-1";
    H2Shards.createDatabase(h2);
    map = dir.resolve("map.yaml");
    Files.writeString(map, yaml(""));
    url = "jdbc:shardwise:" + map;
  }

  @AfterEach
  void tearDown() throws Exception {
    ShardwiseDriver.shutdown(url);
    try (Connection c = DriverManager.getConnection(h2, "sa", "");
        Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    }
  }

  /**
   * One shard on H2, with replicas that cannot be reached (no such driver on the classpath, or a
   * closed port) whose URLs carry a password in each form.
   */
  private String yaml(String extraReplica) {
    return """
        version: 1
        shards:
          - name: s1
            primary: { url: "%s", user: sa, password: "" }
            replicas:
              - { url: "jdbc:postgresql://app:Zq1userinfo@127.0.0.1:9/app?user=app&password=Zq2query" }
              - { url: "jdbc:postgresql://127.0.0.1:9/app?sslpassword=Zq3ssl&password=${env:SHARDWISE_TEST_SECRET}" }
              - { url: "jdbc:h2:tcp://127.0.0.1:9/app;USER=sa;PASSWORD=Zq4semicolon" }
        %s
        reads: { whenNoReplica: primary }
        pool: { maximumPoolSize: 2, connectionTimeout: 1s }
        """
        .formatted(h2, extraReplica);
  }

  private static void assertNoSecret(String what, String text) {
    for (String secret : SECRETS) {
      assertThat(text).as(what).doesNotContain(secret);
    }
  }

  @Test
  void metricsJmxAndToString_showMaskedUrls() throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1")) {
      assertThat(rs.next()).isTrue();
    }
    ShardwiseMetrics metrics = ShardwiseDriver.metrics(url);
    assertNoSecret("metrics", metrics.toString());
    assertThat(metrics.nodes())
        .extracting(NodeMetrics::url)
        .contains(
            "jdbc:postgresql://app:***@127.0.0.1:9/app?user=app&password=***",
            "jdbc:postgresql://127.0.0.1:9/app?sslpassword=***&password=***",
            "jdbc:h2:tcp://127.0.0.1:9/app;USER=sa;PASSWORD=***");

    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    List<String> attributes = new ArrayList<>();
    for (ObjectName name : server.queryNames(new ObjectName("io.shardwise:type=Node,*"), null)) {
      attributes.add(String.valueOf(server.getAttribute(name, "Url")));
      attributes.add(String.valueOf(server.getAttribute(name, "Reason")));
    }
    assertThat(attributes).anyMatch(a -> a.contains("password=***"));
    attributes.forEach(a -> assertNoSecret("JMX", a));

    var runtime = RuntimeRegistry.runtime(ShardwiseUrl.parse(url));
    for (Node node : runtime.nodes()) {
      assertNoSecret("Node.toString", node.toString());
      assertNoSecret("NodeSpec.toString", node.spec().toString());
    }
    assertNoSecret("ShardMap.toString", runtime.shardMap().toString());
  }

  @Test
  void reloadAuditAndRefusal_showMaskedUrls() throws Exception {
    try (Connection c = DriverManager.getConnection(url)) {
      assertThat(c.isValid(1)).isTrue();
    }
    String added =
        "      - { url: \"jdbc:mysql://(host=127.0.0.1,port=9,user=app,password=Zq5mysql)/app\" }";
    String log =
        stderrOf(
            () -> {
              Files.writeString(map, yaml(added));
              assertThat(ShardwiseDriver.reload(url))
                  .singleElement()
                  .asString()
                  .contains("password=***");
              // The primary re-pointed moves data: refused, and the refusal names both URLs.
              Files.writeString(
                  map,
                  yaml(added)
                      .replace(
                          "primary: { url: \"" + h2 + "\"",
                          "primary: { url: \"jdbc:postgresql://app:Zq1userinfo@127.0.0.1:9/x\""));
              assertThatThrownBy(() -> ShardwiseDriver.reload(url))
                  .hasFieldOrPropertyWithValue("SQLState", "SW013")
                  .satisfies(e -> assertNoSecret("SW013", e.getMessage()));
              // A password that YAML reads as a tag: the refusal of the file must not echo it.
              Files.writeString(map, yaml("").replace("password: \"\"", "password: !Zq2query"));
              assertThatThrownBy(() -> ShardwiseDriver.reload(url))
                  .hasFieldOrPropertyWithValue("SQLState", "SW007")
                  .satisfies(e -> assertNoSecret("SW007", e.getMessage()));
            });
    assertThat(log).contains("Reloaded shard map", "refused");
    assertNoSecret("log", log);
  }

  private interface Action {
    void run() throws Exception;
  }

  private static String stderrOf(Action action) throws Exception {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(err);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
