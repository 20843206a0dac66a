package io.shardwise.examples.hibernate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A customer: the root of the {@code accounts} table group, sharded by {@code customer_id}. The id
 * is assigned by the application (a sharded table cannot use a per-shard IDENTITY column: each
 * shard would hand out the same numbers).
 */
@Entity
@Table(name = "customers")
public class Customer {

  @Id
  @Column(name = "customer_id")
  private Long id;

  @Column(nullable = false, length = 100)
  private String name;

  @Column(name = "country_code", nullable = false, length = 2)
  private String countryCode;

  @Version private long version;

  protected Customer() {}

  public Customer(long id, String name, String countryCode) {
    this.id = id;
    this.name = name;
    this.countryCode = countryCode;
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getCountryCode() {
    return countryCode;
  }

  public long getVersion() {
    return version;
  }
}
