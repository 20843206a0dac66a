package io.shardwise.example.spring;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.shardwise.driver.ShardwiseDriver;
import io.shardwise.driver.micrometer.ShardwiseMeterBinder;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AbstractDependsOnBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What an application adds for shardwise besides its URL: the node meters for the actuator, and
 * closing the shard map's runtime (node pools, health monitor) when the context closes, after the
 * application's own pool. Inactive when {@code spring.datasource.url} is another driver's URL.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.startsWith('jdbc:shardwise:')")
public class ShardwiseConfiguration {

  /** The node counters as {@code shardwise.node.*} meters, on {@code /actuator/metrics}. */
  @Bean
  MeterBinder shardwiseMeters(@Value("${spring.datasource.url}") String url) throws SQLException {
    return new ShardwiseMeterBinder(url);
  }

  @Bean
  ShardwiseShutdown shardwiseShutdown(@Value("${spring.datasource.url}") String url) {
    return new ShardwiseShutdown(url);
  }

  /**
   * Makes every {@link DataSource} bean depend on {@code shardwiseShutdown}, so Spring closes the
   * application's pool first and shardwise's runtime after it.
   */
  @Bean
  static AbstractDependsOnBeanFactoryPostProcessor dataSourcesCloseBeforeShardwise() {
    return new AbstractDependsOnBeanFactoryPostProcessor(DataSource.class, "shardwiseShutdown") {};
  }

  /**
   * Shuts the runtime of one shardwise URL down when the context closes: the driver keeps a runtime
   * per URL for the whole JVM otherwise, since the outer pool never tells it that the application
   * is done.
   */
  public record ShardwiseShutdown(String url) implements AutoCloseable {
    @Override
    public void close() throws SQLException {
      ShardwiseDriver.shutdown(url);
    }
  }
}
