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

  /** The URL as any output may show it: {@link SecretMask#url} hides the secrets it carries. */
  public String maskedUrl() {
    return SecretMask.url(url);
  }

  /**
   * The masked URL and the user only: a password, whether in its field or inside the URL, must
   * never reach a log line or an error message.
   */
  @Override
  public String toString() {
    return "NodeSpec[url=" + maskedUrl() + ", user=" + user + ", weight=" + weight + "]";
  }
}
