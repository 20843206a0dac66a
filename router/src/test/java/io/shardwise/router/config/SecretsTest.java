package io.shardwise.router.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ${env:NAME}} and {@code ${file:/path}}, and that no password ever reaches a message. */
class SecretsTest {

  private static final String PASSWORD = "hunter2-Sup3rSecret";

  private final FakeSecrets secrets = new FakeSecrets();
  private final ShardMapLoader loader = new ShardMapLoader(secrets);

  private static String withPrimary(String primary) {
    return "version: 1\nshards:\n  - name: s1\n    primary: " + primary + "\n";
  }

  private NodeSpec primaryOf(String primary) throws ShardMapException {
    return loader.readYaml(withPrimary(primary), "test.yaml").shards().get(0).primary();
  }

  @Test
  void envPlaceholder_asTheWholeValue() throws Exception {
    secrets.env("APP_DB_PASSWORD", PASSWORD);

    NodeSpec node = primaryOf("{ url: 'jdbc:h2:mem:s1', password: '${env:APP_DB_PASSWORD}' }");

    assertThat(node.password()).isEqualTo(PASSWORD);
  }

  @Test
  void placeholders_embeddedInAValue() throws Exception {
    secrets.env("DB_HOST", "10.0.0.5").env("DB_PORT", "6432");

    NodeSpec node = primaryOf("{ url: 'jdbc:postgresql://${env:DB_HOST}:${env:DB_PORT}/app' }");

    assertThat(node.url()).isEqualTo("jdbc:postgresql://10.0.0.5:6432/app");
  }

  @Test
  void filePlaceholder() throws Exception {
    secrets.file("/run/secrets/db", PASSWORD);

    NodeSpec node = primaryOf("{ url: 'jdbc:h2:mem:s1', password: '${file:/run/secrets/db}' }");

    assertThat(node.password()).isEqualTo(PASSWORD);
  }

  @Test
  void doubledDollar_isALiteralPlaceholderStart() throws Exception {
    NodeSpec node = primaryOf("{ url: 'jdbc:h2:mem:s1', password: 'a$${env:X}b' }");

    assertThat(node.password()).isEqualTo("a${env:X}b");
  }

  @Test
  void placeholder_inANumberField() throws Exception {
    secrets.env("POOL_SIZE", "12");

    ShardMap map =
        loader.readYaml(
            withPrimary("{ url: 'jdbc:h2:mem:s1' }")
                + "pool: { maximumPoolSize: '${env:POOL_SIZE}' }",
            "test.yaml");

    assertThat(map.pool().maximumPoolSize()).isEqualTo(12);
  }

  @Test
  void realEnvironmentVariable_throughTheDefaultResolver() throws Exception {
    // The build sets SHARDWISE_TEST_SECRET for the test JVM (see the surefire configuration).
    NodeSpec node =
        new ShardMapLoader(SecretResolver.system())
            .readYaml(
                withPrimary("{ url: 'jdbc:h2:mem:s1', password: '${env:SHARDWISE_TEST_SECRET}' }"),
                "test.yaml")
            .shards()
            .get(0)
            .primary();

    assertThat(node.password()).isEqualTo("from-the-environment");
  }

  @Test
  void defaultResolver_stripsOneTrailingNewlineFromAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("db-password");
    Files.writeString(file, PASSWORD + " \n\n");

    assertThat(SecretResolver.system().readFile(file.toString())).isEqualTo(PASSWORD + " \n");
  }

  @Test
  void defaultResolver_stripsAWindowsNewline(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("db-password");
    Files.writeString(file, PASSWORD + "\r\n");

    assertThat(SecretResolver.system().readFile(file.toString())).isEqualTo(PASSWORD);
  }

  @Test
  void unsetVariable_isAnErrorNamingIt() {
    assertThat(errorsOf(withPrimary("{ url: 'jdbc:h2:mem:s1', password: '${env:NOPE}' }")))
        .containsExactly(
            "shards[0].primary.password: environment variable NOPE is not set; set it before"
                + " starting");
  }

  @Test
  void unreadableFile_isAnErrorNamingIt(@TempDir Path dir) {
    String missing = dir.resolve("absent").toString();
    List<String> errors =
        errorsWithSystemResolver(
            withPrimary("{ url: 'jdbc:h2:mem:s1', password: '${file:" + missing + "}' }"));

    assertThat(errors)
        .containsExactly(
            "shards[0].primary.password: cannot read secret file "
                + missing
                + " (no such file); check ${file:...}");
  }

  @Test
  void directoryAsSecretFile_isAnError(@TempDir Path dir) {
    List<String> errors =
        errorsWithSystemResolver(
            withPrimary("{ url: 'jdbc:h2:mem:s1', password: '${file:" + dir + "}' }"));

    assertThat(errors)
        .singleElement()
        .asString()
        .startsWith("shards[0].primary.password: cannot read secret file " + dir + " (");
  }

  @Test
  void unknownPrefix_isAnError() {
    assertThat(errorsOf(withPrimary("{ url: 'jdbc:h2:mem:s1', user: '${vault:db/user}' }")))
        .containsExactly(
            "shards[0].primary.user: unknown placeholder '${vault:db/user}'; use ${env:NAME} or"
                + " ${file:/path}, or write $${ for a literal ${");
  }

  @Test
  void unknownPrefix_inAPassword_quotesNothingOfIt() {
    assertThat(errorsOf(withPrimary("{ url: 'jdbc:h2:mem:s1', password: 'ab${cd}ef' }")))
        .containsExactly(
            "shards[0].primary.password: unknown placeholder; use ${env:NAME} or ${file:/path},"
                + " or write $${ for a literal ${");
  }

  @Test
  void unclosedPlaceholder_isAnError() {
    assertThat(errorsOf(withPrimary("{ url: 'jdbc:h2:mem:s1', password: '${env:X' }")))
        .containsExactly(
            "shards[0].primary.password: a placeholder is not closed with '}'; use ${env:NAME} or"
                + " ${file:/path}, or write $${ for a literal ${");
  }

  @Test
  void valueFromTheEnvironment_isNotShownInAnError() {
    secrets.env("POOL_SIZE", PASSWORD);

    assertThat(
            errorsOf(
                withPrimary("{ url: 'jdbc:h2:mem:s1' }")
                    + "pool: { maximumPoolSize: '${env:POOL_SIZE}' }"))
        .containsExactly(
            "pool.maximumPoolSize: expected a whole number, got '${env:POOL_SIZE}' (its value is"
                + " not shown)");
  }

  @Test
  void passwords_neverAppearInErrorsOrToString() throws Exception {
    secrets.env("PW", PASSWORD);
    String yaml =
        """
        version: 1
        shards:
          - name: s1
            primary: { url: "jdbc:h2:mem:s1?password=%1$s", user: app, password: "%1$s" }
            replicas:
              - { url: "h2:mem:r1;PASSWORD=%1$s", password: "${env:PW}", wieght: 2 }
              - url: "jdbc:h2:mem:s1?password=%1$s"
                password: [ "%1$s" ]
          - "jdbc:h2:mem:x?password=%1$s"
          - name: s2
            primary: "jdbc:h2:mem:y?password=%1$s"
        """
            .formatted(PASSWORD);

    ShardMapException e =
        catchThrowableOfType(ShardMapException.class, () -> loader.readYaml(yaml, "test.yaml"));

    assertThat(e.errors()).hasSizeGreaterThanOrEqualTo(5);
    assertThat(e.getMessage()).doesNotContain(PASSWORD).doesNotContain("hunter2");
    assertThat(e.errors())
        .allSatisfy(error -> assertThat(error.toString()).doesNotContain(PASSWORD));
    assertThat(new NodeSpec("jdbc:h2:mem:s1", "app", PASSWORD, 1).toString())
        .doesNotContain(PASSWORD);
  }

  @Test
  void yamlSyntaxError_onAPasswordLine_doesNotQuoteTheLine() {
    String yaml =
        "version: 1\nshards:\n  - name: s1\n    primary: { url: 'jdbc:h2:mem:s1', password: "
            + PASSWORD
            + " }}\n";

    ShardMapException e =
        catchThrowableOfType(ShardMapException.class, () -> loader.readYaml(yaml, "test.yaml"));

    assertThat(e.errors())
        .singleElement()
        .extracting(ConfigError::message)
        .asString()
        .startsWith("not valid YAML at line 4");
    assertThat(e.getMessage()).doesNotContain(PASSWORD);
  }

  private List<String> errorsOf(String yaml) {
    return errors(loader, yaml);
  }

  private static List<String> errorsWithSystemResolver(String yaml) {
    return errors(new ShardMapLoader(SecretResolver.system()), yaml);
  }

  private static List<String> errors(ShardMapLoader loader, String yaml) {
    ShardMapException e =
        catchThrowableOfType(ShardMapException.class, () -> loader.readYaml(yaml, "test.yaml"));
    assertThat((Throwable) e).as("a shard map with mistakes").isNotNull();
    return e.errors().stream().map(ConfigError::toString).toList();
  }
}
