package io.shardwise.router.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EngineTest {

  @Test
  void of_readsTheUrlPrefix() {
    assertThat(Engine.of("jdbc:postgresql://127.0.0.1:25432/app")).isEqualTo(Engine.POSTGRESQL);
    assertThat(Engine.of("jdbc:mariadb://127.0.0.1:23306/app")).isEqualTo(Engine.MARIADB);
    assertThat(Engine.of("jdbc:mysql://127.0.0.1:3306/app")).isEqualTo(Engine.MARIADB);
    assertThat(Engine.of("jdbc:h2:mem:s1")).isEqualTo(Engine.H2);
    assertThat(Engine.of("jdbc:oracle:thin:@x")).isEqualTo(Engine.OTHER);
    assertThat(Engine.of((String) null)).isEqualTo(Engine.OTHER);
  }

  @Test
  void ofShards_isOtherWhenNodesDisagree() {
    NodeSpec pg = new NodeSpec("jdbc:postgresql://h/app", "app", null, 1);
    NodeSpec h2 = new NodeSpec("jdbc:h2:mem:x", null, null, 1);
    assertThat(Engine.of(List.of(new ShardSpec("s1", 1, pg, List.of(pg)))))
        .isEqualTo(Engine.POSTGRESQL);
    assertThat(Engine.of(List.of(new ShardSpec("s1", 1, pg, List.of(h2))))).isEqualTo(Engine.OTHER);
    assertThat(
            Engine.of(
                List.of(
                    new ShardSpec("s1", 1, pg, List.of()), new ShardSpec("s2", 1, h2, List.of()))))
        .isEqualTo(Engine.OTHER);
  }
}
