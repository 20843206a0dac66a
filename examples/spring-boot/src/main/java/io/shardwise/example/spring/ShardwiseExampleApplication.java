package io.shardwise.example.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A Spring Boot application that runs on shardwise by its JDBC URL alone. */
@SpringBootApplication
public class ShardwiseExampleApplication {

  public static void main(String[] args) {
    SpringApplication.run(ShardwiseExampleApplication.class, args);
  }
}
