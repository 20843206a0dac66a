package io.shardwise.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shardwise.reshard.Copier;
import io.shardwise.reshard.CopySettings;
import io.shardwise.reshard.PlanFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live progress bar of {@code copy}, drawn to a captured stream: while a rate-limited copy runs
 * it shows the rows copied so far out of those planned, the elapsed time and the ETA, the rate in
 * rows/s and the (table, source) tasks in progress; at the end, all planned rows. The test waits
 * for a frame to appear (Awaitility), not for time to pass.
 */
class ReshardProgressTest {

  /** {@code copy 31% [===> ] 250/800 rows (0:00:01 / 0:00:02) 240 rows/s users@s1 orders@s2}. */
  private static final Pattern FRAME =
      Pattern.compile(
          "copy\\s+(\\d+)% \\[[^]]*\\] (\\d+)/(\\d+) rows \\((\\d+:\\d\\d:\\d\\d) /"
              + " (\\d+:\\d\\d:\\d\\d|\\?)\\) ([\\d.,]+) rows/s(.*)");

  @TempDir Path dir;

  @Test
  void copy_drawsRowsRateEtaAndTasks_whileItRuns() throws Exception {
    H2ReshardFixture f = H2ReshardFixture.create(dir, 3_000);
    assertThat(ReshardH2Test.plan(f).exitCode()).isZero();
    long planned =
        ReshardChild.predictedPairs(f.plan).values().stream().mapToLong(Long::longValue).sum();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream progress = new PrintStream(captured, true, StandardCharsets.UTF_8);
    // About 800 rows at 300 rows/s: the bar redraws every 500 ms, so several frames fall mid-copy.
    CopySettings settings = new CopySettings(2, 300, 100, false, true);
    CompletableFuture<Copier.Result> copy =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new Copier(new PlanFile(f.plan), settings, progress).run();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> midCopyFrame(captured, planned) != null || copy.isDone());
    Matcher live = midCopyFrame(captured, planned);
    assertThat(live).as("a frame drawn while the copy ran, in:%n%s", frames(captured)).isNotNull();
    assertThat(Long.parseLong(live.group(3))).isEqualTo(planned);
    assertThat(Double.parseDouble(live.group(6).replace(",", ""))).isPositive();
    assertThat(live.group(7)).containsPattern("(users|orders|countries)@s[123]");

    Copier.Result result = copy.get();
    assertThat(result.rowsMoved()).isEqualTo(planned);
    List<String> frames = frames(captured);
    Matcher last = FRAME.matcher(frames.get(frames.size() - 1));
    assertThat(last.find()).as(frames.get(frames.size() - 1)).isTrue();
    assertThat(last.group(1)).isEqualTo("100");
    assertThat(last.group(2)).isEqualTo(String.valueOf(planned));
  }

  /** The first frame with some but not all planned rows copied, or null if none yet. */
  private static Matcher midCopyFrame(ByteArrayOutputStream captured, long planned) {
    for (String frame : frames(captured)) {
      Matcher m = FRAME.matcher(frame);
      if (m.find()) {
        long done = Long.parseLong(m.group(2));
        if (done > 0 && done < planned) {
          return m;
        }
      }
    }
    return null;
  }

  /** The frames drawn so far: the console consumer starts each with a carriage return. */
  private static List<String> frames(ByteArrayOutputStream captured) {
    return Stream.of(captured.toString(StandardCharsets.UTF_8).split("[\r\n]+"))
        .filter(frame -> !frame.isBlank())
        .toList();
  }
}
