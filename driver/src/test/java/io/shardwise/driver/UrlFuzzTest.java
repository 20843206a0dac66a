package io.shardwise.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed {@code jdbc:shardwise:} URLs, listed and seeded-random: {@code acceptsURL} never
 * throws; {@code connect}, {@code getPropertyInfo} and {@code new ShardwiseDataSource(url)} either
 * succeed or throw an {@link SQLException} with a SQLState (SW009 for the URL itself), within a
 * time bound, and no message quotes a secret the URL carried.
 */
class UrlFuzzTest {

  private static final int CASES = 300;
  private static final String SECRET = "Zq7hunter2Secret";

  private static H2Shards shards;
  private static final Set<String> connected = new LinkedHashSet<>();

  private final Driver driver = new ShardwiseDriver();

  @BeforeAll
  static void map() throws Exception {
    shards = new H2Shards("urlfuzz", 1, "");
  }

  @AfterAll
  static void close() throws Exception {
    for (String url : connected) {
      ShardwiseDriver.shutdown(url);
    }
    shards.close();
  }

  static List<String> malformed() {
    String map = "jdbc:shardwise:/etc/app/map.yaml";
    return List.of(
        map + "?%=1",
        map + "?forcePrimary=%zz",
        map + "?forcePrimary=%",
        map + "?forcePrimary=%4",
        map + "?%E0%A4=1",
        map + "?forcePrimary=%C3%28",
        "jdbc:shardwise:/etc/app/m\u0000ap.yaml",
        "jdbc:shardwise:/etc/app/map.yaml\u0000",
        map + "?forcePrimary=tr\u0001ue",
        map + "\n?forcePrimary=true",
        map + "?=1",
        map + "?=",
        map + "?%20=1",
        map + "?forcePrimary=true&forcePrimary=false",
        map + "?forcePrimary=true&forcePrim%61ry=true",
        map + "?forcePrimary=yes",
        map + "?forcePrimary",
        map + "?password=" + SECRET,
        map + "?user=app&password=" + SECRET,
        map + "?pwd=" + SECRET + "&forcePrimary=true",
        map + "?forcePrimary=" + SECRET,
        map + "?x" + "y".repeat(100_000) + "=1",
        "jdbc:shardwise:" + "/a".repeat(50_000),
        "jdbc:shardwise:",
        "jdbc:shardwise:?forcePrimary=true",
        "jdbc:shardwise:   ",
        "jdbc:shardwise:\t",
        "jdbc:shardwise:/etc/app/map.yaml;password=" + SECRET,
        "jdbc:shardwise:/nonexistent/map.yaml",
        "jdbc:shardwise:classpath:",
        "jdbc:shardwise:classpath:nope.yaml",
        "jdbc:shardwise:\ud800.yaml",
        map + "?forcePrimary=%ED%A0%80");
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void malformedUrl_isAnSqlExceptionWithAState(String url) {
    check(url);
  }

  @Test
  void randomUrls_areAConnectionOrAnSqlException() {
    for (int seed = 1; seed <= CASES; seed++) {
      check(mutated(new Random(seed), shards.url() + "?forcePrimary=true"));
    }
  }

  /** The URL with up to 8 characters inserted, deleted or replaced, past the prefix. */
  private static String mutated(Random random, String url) {
    String alphabet = "%&=?;#+ \u0000\u0001\n\t/\\.:aZ09fF\u00e9\ud83dtrue";
    StringBuilder sb = new StringBuilder(url);
    int prefix = "jdbc:shardwise:".length();
    int edits = 1 + random.nextInt(8);
    for (int i = 0; i < edits; i++) {
      int at = prefix + random.nextInt(sb.length() - prefix);
      char c = alphabet.charAt(random.nextInt(alphabet.length()));
      switch (random.nextInt(4)) {
        case 0 -> sb.insert(at, c);
        case 1 -> sb.deleteCharAt(at);
        case 2 -> sb.setCharAt(at, c);
        default -> sb.append('&').append(c).append('=').append(c);
      }
      if (sb.length() <= prefix) {
        sb.append('x');
      }
    }
    // After the edits, so that an edit cannot turn the secret's name into another word.
    switch (random.nextInt(4)) {
      case 0 -> sb.append("&password=").append(SECRET);
      case 1 -> sb.append("&user=app&pwd=").append(SECRET).append("&forcePrimary=true");
      default -> {
        // no secret
      }
    }
    return sb.toString();
  }

  private void check(String url) {
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          assertThat(driver.acceptsURL(url)).isTrue();
          List<Throwable> failures = new ArrayList<>();
          try (Connection c = driver.connect(url, new Properties())) {
            assertThat(c).isNotNull();
            connected.add(url);
          } catch (Throwable t) {
            failures.add(t);
          }
          try {
            assertThat(driver.getPropertyInfo(url, new Properties())).isNotEmpty();
          } catch (Throwable t) {
            failures.add(t);
          }
          try (ShardwiseDataSource dataSource = new ShardwiseDataSource(url)) {
            assertThat(dataSource.getUrl()).isEqualTo(url);
          } catch (Throwable t) {
            failures.add(t);
          }
          for (Throwable t : failures) {
            assertThat(t).as(printable(url)).isInstanceOf(SQLException.class);
            assertThat(((SQLException) t).getSQLState()).as(printable(url)).isNotNull();
            assertThat(t.getMessage()).as(printable(url)).isNotBlank().doesNotContain(SECRET);
            assertThat(t.getMessage().length()).as(printable(url)).isLessThan(2_000);
          }
        },
        () -> "timed out on " + printable(url));
  }

  private static String printable(String url) {
    String shown = url.length() > 200 ? url.substring(0, 200) + "..." : url;
    return shown.replace("\u0000", "\\0").replace("\n", "\\n");
  }
}
