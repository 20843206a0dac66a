package io.shardwise.driver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ShardTasksTest {

  @Test
  void whenEveryScatterThreadIsBusy_theCallerRunsTheTasksItselfAndKeepsTheirOrder()
      throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    CountDownLatch release = new CountDownLatch(1);
    try {
      executor.execute(() -> awaitQuietly(release)); // occupies the only scatter thread
      String caller = Thread.currentThread().getName();
      List<ShardTasks.Task<String>> tasks =
          List.of(
              () -> "s1@" + Thread.currentThread().getName(),
              () -> "s2@" + Thread.currentThread().getName(),
              () -> "s3@" + Thread.currentThread().getName());

      List<ShardTasks.Outcome<String>> outcomes = ShardTasks.run(tasks, executor);

      assertThat(outcomes)
          .extracting(ShardTasks.Outcome::value)
          .containsExactly("s1@" + caller, "s2@" + caller, "s3@" + caller);
    } finally {
      release.countDown();
      executor.shutdown();
      assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aShutDownExecutor_doesNotFailTheTasks_andAFailureIsReportedForItsOwnShard()
      throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    executor.shutdown();
    List<ShardTasks.Task<String>> tasks =
        List.of(
            () -> "s1",
            () -> {
              throw new SQLException("s2 is down", "08006");
            },
            () -> "s3");

    List<ShardTasks.Outcome<String>> outcomes = ShardTasks.run(tasks, executor);

    assertThat(outcomes).extracting(ShardTasks.Outcome::value).containsExactly("s1", null, "s3");
    SQLException failure = outcomes.get(1).failure();
    assertThat(failure.getMessage()).isEqualTo("s2 is down");
    assertThat(failure.getSQLState()).isEqualTo("08006");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
