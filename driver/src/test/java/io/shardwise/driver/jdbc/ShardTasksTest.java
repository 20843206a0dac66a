package io.shardwise.driver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardwise.driver.runtime.ScatterThreads;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

      List<ShardTasks.Outcome<String>> outcomes =
          ShardTasks.run(tasks, new ScatterThreads(executor, 0));

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

    List<ShardTasks.Outcome<String>> outcomes =
        ShardTasks.run(tasks, new ScatterThreads(executor, 0));

    assertThat(outcomes).extracting(ShardTasks.Outcome::value).containsExactly("s1", null, "s3");
    SQLException failure = outcomes.get(1).failure();
    assertThat(failure.getMessage()).isEqualTo("s2 is down");
    assertThat(failure.getSQLState()).isEqualTo("08006");
  }

  @Test
  void partsQuickerThanAHandOff_runOnTheCallersThreadInOrder_andLongerOnesAreOffered()
      throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    AtomicInteger offered = new AtomicInteger();
    ExecutorService counting =
        new java.util.concurrent.AbstractExecutorService() {
          @Override
          public void execute(Runnable command) {
            offered.incrementAndGet();
            executor.execute(command);
          }

          @Override
          public void shutdown() {
            executor.shutdown();
          }

          @Override
          public List<Runnable> shutdownNow() {
            return executor.shutdownNow();
          }

          @Override
          public boolean isShutdown() {
            return executor.isShutdown();
          }

          @Override
          public boolean isTerminated() {
            return executor.isTerminated();
          }

          @Override
          public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return executor.awaitTermination(timeout, unit);
          }
        };
    try {
      String caller = Thread.currentThread().getName();
      List<ShardTasks.Task<String>> quick =
          List.of(
              () -> "s1@" + Thread.currentThread().getName(),
              () -> "s2@" + Thread.currentThread().getName(),
              () -> "s3@" + Thread.currentThread().getName());
      ScatterThreads threads = new ScatterThreads(counting, 60_000_000_000L);

      ShardTasks.run(quick, threads); // cost unknown: offered
      assertThat(offered.get()).isEqualTo(2);
      List<ShardTasks.Outcome<String>> outcomes = ShardTasks.run(quick, threads);

      assertThat(offered.get()).as("no hand-off once parts are known to be quick").isEqualTo(2);
      assertThat(outcomes)
          .extracting(ShardTasks.Outcome::value)
          .containsExactly("s1@" + caller, "s2@" + caller, "s3@" + caller);

      ScatterThreads everyHandOff = new ScatterThreads(counting, 0);
      ShardTasks.run(quick, everyHandOff);
      ShardTasks.run(quick, everyHandOff);
      assertThat(offered.get()).as("parts at least as long as a hand-off are offered").isEqualTo(6);
    } finally {
      executor.shutdown();
      assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
