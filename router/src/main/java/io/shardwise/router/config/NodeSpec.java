package io.shardwise.router.config;

/**
 * One physical database node.
 *
 * @param url its JDBC URL
 * @param user the user to connect as, may be null
 * @param password the resolved password, may be null; never printed
 * @param weight its share of reads among the shard's replicas under the {@code weighted} strategy
 */
public record NodeSpec(String url, String user, String password, int weight) {

  /** The engine its URL names. */
  public Engine engine() {
    return Engine.of(url);
  }

  /** The URL and user only: a password must never reach a log line or an error message. */
  @Override
  public String toString() {
    return "NodeSpec[url=" + url + ", user=" + user + ", weight=" + weight + "]";
  }
}
