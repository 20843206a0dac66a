package io.shardwise.examples.hibernate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Reference data: a broadcast table, a full copy on every shard, so any shard can join it. */
@Entity
@Table(name = "countries")
public class Country {

  @Id
  @Column(length = 2)
  private String code;

  @Column(nullable = false, length = 100)
  private String name;

  protected Country() {}

  public Country(String code, String name) {
    this.code = code;
    this.name = name;
  }

  public String getCode() {
    return code;
  }

  public String getName() {
    return name;
  }
}
