package io.shardwise.example.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardwise.driver.ShardwiseDriver;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The application as shipped: application.yaml and its classpath shard map of two H2 shards. */
class DefaultConfigurationTest {

  @Test
  void startsOnItsOwnConfiguration_andServesFromTheOwnersPrimary() throws Exception {
    try (ConfigurableApplicationContext app =
        new SpringApplicationBuilder(ShardwiseExampleApplication.class)
            .run("--spring.main.banner-mode=off")) {
      String url = app.getEnvironment().getProperty("spring.datasource.url");
      assertThat(url).isEqualTo("jdbc:shardwise:classpath:shard-map.yaml");
      AccountService accounts = app.getBean(AccountService.class);
      accounts.open(1, "first");
      Account account = accounts.deposit(1, 1, 42);
      assertThat(account.balance()).isEqualTo(42);
      assertThat(account.servedBy()).isEqualTo("SA");
      assertThat(accounts.find(1).balance()).isEqualTo(42);
      long routed = ShardwiseDriver.metrics(url).nodes().stream().mapToLong(n -> n.routed()).sum();
      assertThat(routed).as("statements went through shardwise").isPositive();
    }
  }
}
