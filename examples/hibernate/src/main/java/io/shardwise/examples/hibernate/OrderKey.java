package io.shardwise.examples.hibernate;

import java.io.Serializable;
import java.util.Objects;

/**
 * The identity of an order: its customer (the shard key) and its number within that customer.
 * Keeping the shard key in the id puts it in every WHERE clause Hibernate writes for the entity
 * (find, update, delete, version check), so each of those goes to one shard instead of all.
 */
public class OrderKey implements Serializable {

  private static final long serialVersionUID = 1L;

  private Long customerId;
  private Integer orderNo;

  protected OrderKey() {}

  public OrderKey(long customerId, int orderNo) {
    this.customerId = customerId;
    this.orderNo = orderNo;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OrderKey k
        && Objects.equals(customerId, k.customerId)
        && Objects.equals(orderNo, k.orderNo);
  }

  @Override
  public int hashCode() {
    return Objects.hash(customerId, orderNo);
  }

  @Override
  public String toString() {
    return customerId + "/" + orderNo;
  }
}
