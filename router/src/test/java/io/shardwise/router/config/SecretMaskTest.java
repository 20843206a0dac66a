package io.shardwise.router.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every URL form that carries a secret, masked, with the rest of the URL left as it was. */
class SecretMaskTest {

  static List<String[]> urls() {
    return List.of(
        new String[] {
          "jdbc:postgresql://app:S3cret@db.example:5432/app",
          "jdbc:postgresql://app:***@db.example:5432/app"
        },
        new String[] {
          "jdbc:mysql://app:S3cret@[h1:3306,h2:3306]/app?useSSL=true",
          "jdbc:mysql://app:***@[h1:3306,h2:3306]/app?useSSL=true"
        },
        new String[] {
          "jdbc:postgresql://h/app?user=app&password=S3cret&ssl=true",
          "jdbc:postgresql://h/app?user=app&password=***&ssl=true"
        },
        new String[] {
          "jdbc:postgresql://h/app?password=S3cret", "jdbc:postgresql://h/app?password=***"
        },
        new String[] {
          "jdbc:postgresql://h/app?sslpassword=S3cret&sslmode=verify-full",
          "jdbc:postgresql://h/app?sslpassword=***&sslmode=verify-full"
        },
        new String[] {
          "jdbc:postgresql://h/app?PassWord=S3cret", "jdbc:postgresql://h/app?PassWord=***"
        },
        new String[] {
          "jdbc:postgresql://h/app?pass%77ord=S3cret", "jdbc:postgresql://h/app?pass%77ord=***"
        },
        new String[] {
          "jdbc:h2:mem:app;USER=sa;PASSWORD=S3cret;MODE=PostgreSQL",
          "jdbc:h2:mem:app;USER=sa;PASSWORD=***;MODE=PostgreSQL"
        },
        new String[] {
          "jdbc:sqlserver://h:1433;databaseName=app;user=app;password=S3cret;encrypt=true",
          "jdbc:sqlserver://h:1433;databaseName=app;user=app;password=***;encrypt=true"
        },
        new String[] {
          "jdbc:db2://h:50000/app:user=app;password=S3cret;",
          "jdbc:db2://h:50000/app:user=app;password=***;"
        },
        new String[] {
          "jdbc:mysql://(host=h,port=3306,user=app,password=S3cret)/app",
          "jdbc:mysql://(host=h,port=3306,user=app,password=***)/app"
        },
        new String[] {
          "jdbc:mariadb://address=(host=h)(port=3306)(password=S3cret)/app",
          "jdbc:mariadb://address=(host=h)(port=3306)(password=***)/app"
        },
        new String[] {
          "jdbc:mysql://h/app?trustCertificateKeyStorePassword=S3cret",
          "jdbc:mysql://h/app?trustCertificateKeyStorePassword=***"
        },
        new String[] {
          "jdbc:oracle:thin:app/S3cret@//h:1521/svc", "jdbc:oracle:thin:app/***@//h:1521/svc"
        },
        new String[] {
          "jdbc:oracle:thin:app/S3cret@h:1521:sid", "jdbc:oracle:thin:app/***@h:1521:sid"
        },
        new String[] {
          "jdbc:foo://h/app?apiKey=S3cret&token=S3cret2&pwd=S3cret3",
          "jdbc:foo://h/app?apiKey=***&token=***&pwd=***"
        },
        new String[] {
          "jdbc:shardwise:/maps/app.yaml?password=S3cret",
          "jdbc:shardwise:/maps/app.yaml?password=***"
        },
        new String[] {"jdbc:postgresql://h:5432/app", "jdbc:postgresql://h:5432/app"},
        new String[] {"jdbc:postgresql://app@h/app", "jdbc:postgresql://app@h/app"},
        new String[] {"jdbc:h2:mem:app;DB_CLOSE_DELAY=-1", "jdbc:h2:mem:app;DB_CLOSE_DELAY=-1"});
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("urls")
  void masksEverySecretPart(String url, String masked) {
    assertThat(SecretMask.url(url)).isEqualTo(masked).doesNotContain("S3cret");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("urls")
  void nodeSpecToString_showsOnlyTheMaskedUrl(String url, String masked) {
    NodeSpec node = new NodeSpec(url, "app", "S3cret", 1);

    assertThat(node.toString()).contains(masked).doesNotContain("S3cret");
    assertThat(new ShardSpec("s1", 1, node, List.of(node)).toString()).doesNotContain("S3cret");
  }

  @Test
  void text_masksEveryUrlItQuotes() {
    String message =
        "No suitable driver found for jdbc:postgresql://app:S3cret@h/db?password=S3cret2 (SQLState"
            + " 08001); tried 'jdbc:h2:mem:x;PASSWORD=S3cret3' and JDBC:MYSQL://u:S3cret4@h/db";

    assertThat(SecretMask.text(message))
        .isEqualTo(
            "No suitable driver found for jdbc:postgresql://app:***@h/db?password=*** (SQLState"
                + " 08001); tried 'jdbc:h2:mem:x;PASSWORD=***' and JDBC:MYSQL://u:***@h/db");
    assertThat(SecretMask.text("Connection refused")).isEqualTo("Connection refused");
  }

  /** Masking reads each character once: a 1 MB key of the map is masked for its path. */
  @Test
  void hugeText_isMaskedInLinearTime() {
    String hostile = ")=".repeat(500_000) + "&password=S3cret";

    String masked = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> SecretMask.url(hostile));

    assertThat(masked).endsWith("password=***");
  }
}
