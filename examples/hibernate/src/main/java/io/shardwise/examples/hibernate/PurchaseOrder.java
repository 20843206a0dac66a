package io.shardwise.examples.hibernate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** An order, co-located with its customer: same table group, same shard key. */
@Entity
@Table(name = "orders")
@IdClass(OrderKey.class)
public class PurchaseOrder {

  @Id
  @Column(name = "customer_id")
  private Long customerId;

  @Id
  @Column(name = "order_no")
  private Integer orderNo;

  @Column(name = "total_cents", nullable = false)
  private long totalCents;

  @Column(nullable = false, length = 20)
  private String status;

  @Version private long version;

  protected PurchaseOrder() {}

  public PurchaseOrder(long customerId, int orderNo, long totalCents) {
    this.customerId = customerId;
    this.orderNo = orderNo;
    this.totalCents = totalCents;
    this.status = "NEW";
  }

  public OrderKey key() {
    return new OrderKey(customerId, orderNo);
  }

  public long getCustomerId() {
    return customerId;
  }

  public int getOrderNo() {
    return orderNo;
  }

  public long getTotalCents() {
    return totalCents;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public long getVersion() {
    return version;
  }
}
