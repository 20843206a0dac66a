package io.shardwise.examples.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The contract on a real topology, where replicas exist and servers tell their port. */
abstract class RealShopContract extends ShopContract {

  /** The server's own port says which node answered a query of the application. */
  @Test
  void theServerPortShowsReadsOnTheOwnersReplicas_andTransactionsOnItsPrimary() {
    seed(6, 1);
    String sql = "select " + shards.portExpression() + " from customers where customer_id = ?1";
    for (long id = 1; id <= 6; id++) {
      long key = id;
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                int outside =
                    shop.read(
                        em ->
                            ((Number)
                                    em.createNativeQuery(sql)
                                        .setParameter(1, key)
                                        .getSingleResult())
                                .intValue());
                assertThat(shards.replicaPorts(owner(key))).as("read of %d", key).contains(outside);
              });
      int inside =
          shop.inTransaction(
              em ->
                  ((Number) em.createNativeQuery(sql).setParameter(1, key).getSingleResult())
                      .intValue());
      assertThat(inside)
          .as("read of %d in a transaction", key)
          .isEqualTo(shards.primaryPort(owner(key)));
    }
  }
}
