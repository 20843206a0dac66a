package io.shardwise.example.spring;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the example application as {@code main} would, with the tests' URL and properties. */
final class ExampleApp {

  private ExampleApp() {}

  /** The application on shardwise: {@code application.yaml} with the shards' map as its URL. */
  static ConfigurableApplicationContext onShardwise(ExampleShards shards, String... properties) {
    List<String> all = new ArrayList<>(List.of(properties));
    all.add("spring.datasource.url=" + shards.url());
    all.add("example.served-by=" + shards.servedByExpression());
    return start(all);
  }

  /** The same application straight on shard s1's primary: no shardwise anywhere. */
  static ConfigurableApplicationContext onDirectUrl(ExampleShards shards, String... properties) {
    String[] primary = shards.directPrimary();
    List<String> all = new ArrayList<>(List.of(properties));
    all.add("spring.datasource.url=" + primary[0]);
    all.add("spring.datasource.username=" + primary[1]);
    all.add("spring.datasource.password=" + primary[2]);
    all.add("spring.datasource.driver-class-name="); // Boot derives it from the URL
    all.add("example.served-by=" + shards.servedByExpression());
    return start(all);
  }

  private static ConfigurableApplicationContext start(List<String> properties) {
    properties.add("spring.main.banner-mode=off");
    // As command-line arguments: they override application.yaml (builder properties would not).
    return new SpringApplicationBuilder(ShardwiseExampleApplication.class)
        .run(properties.stream().map(p -> "--" + p).toArray(String[]::new));
  }
}
