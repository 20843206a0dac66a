package io.shardwise.example.spring;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Spring Boot derives a driver class from the URL's prefix and does not know {@code
 * jdbc:shardwise:}: without {@code spring.datasource.driver-class-name} the application does not
 * start. With H2 on the classpath (as here) Boot falls back to H2's driver, which refuses the URL.
 */
class DriverClassNameTest {

  @Test
  void withoutDriverClassName_theApplicationDoesNotStart() throws Exception {
    try (H2ExampleShards shards = new H2ExampleShards()) {
      assertThatThrownBy(
              () -> ExampleApp.onShardwise(shards, "spring.datasource.driver-class-name="))
          .rootCause()
          .hasMessageContaining("org.h2.Driver")
          .hasMessageContaining("jdbc:shardwise:");
    }
  }
}
