package io.shardwise.bench.load;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.shardwise.bench.HandScatter;
import io.shardwise.bench.ShardMaps;
import io.shardwise.driver.ShardwiseDataSource;
import io.shardwise.driver.ShardwiseDriver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The end-to-end load harness: the same workloads against (a) a direct HikariCP pool to one
 * database, (b) shardwise with one shard on that same database and (c) shardwise with four shards,
 * in alternating rounds; then start-up, batch and scatter figures. Prints Markdown.
 */
@Command(
    name = "shardwise-load",
    mixinStandardHelpOptions = true,
    description =
        "Throughput and latency of shardwise against a direct HikariCP pool (docs/benchmarks.md).")
public final class LoadHarness implements Callable<Integer> {

  static final String DIRECT = "direct";
  static final String ONE_SHARD = "shardwise-1";
  static final String FOUR_SHARDS = "shardwise-4";

  /** The four shard databases over direct pools, merged by the client: see {@link HandScatter}. */
  static final String BY_HAND = "by-hand-4";

  @Option(names = "--engine", description = "Label for the report (h2, pg, mariadb).")
  String engine = "h2";

  @Option(
      names = "--direct-url",
      description = "The one database of (a) and (b). Default: an H2 in-memory database.")
  String directUrl;

  @Option(
      names = "--shard-url",
      description = "The four databases of (c), each distinct from --direct-url. Default: H2.")
  List<String> shardUrls = new ArrayList<>();

  @Option(names = "--user")
  String user = "sa";

  @Option(names = "--password")
  String password = "";

  @Option(
      names = "--setup-sql",
      description = "SQL run on --direct-url first (CREATE SCHEMA bench_s1 ...).")
  List<String> setupSql = new ArrayList<>();

  @Option(names = "--threads", description = "Client threads (default ${DEFAULT-VALUE}).")
  int threads = 4;

  @Option(
      names = "--round-seconds",
      description = "Length of one round (default ${DEFAULT-VALUE}).")
  double roundSeconds = 2;

  @Option(
      names = "--rounds",
      description = "Measured rounds per target (default ${DEFAULT-VALUE}).")
  int rounds = 3;

  @Option(names = "--rows", description = "Rows of bench_sbtest (default ${DEFAULT-VALUE}).")
  int rows = 10_000;

  @Option(
      names = "--workloads",
      split = ",",
      description =
          "point-select, point-update, mixed, scatter-order-limit (default: all); none runs only"
              + " the batch and start-up sections.")
  List<String> workloads =
      new ArrayList<>(List.of("point-select", "point-update", "mixed", "scatter-order-limit"));

  @Option(
      names = "--read-your-writes",
      description =
          "reads.readYourWrites of the shardwise maps: off, session (the default of a map) or"
              + " global.")
  String readYourWrites = "session";

  @Option(names = "--batch-rows", description = "Rows of the batch insert; 0 skips it.")
  int batchRows = 10_000;

  @Option(names = "--batch-rounds", description = "Rounds of the batch insert per target.")
  int batchRounds = 3;

  @Option(
      names = "--batch-warmup-rounds",
      description =
          "Unmeasured rounds of the batch insert per target first (default ${DEFAULT-VALUE}): the"
              + " JIT compiles the batch path of each target over its first rounds.")
  int batchWarmupRounds = 10;

  @Option(
      names = "--settle-url",
      description =
          "A replica's copy of a target's database or schema (JDBC URL, same login): each batch"
              + " round starts its clock only once every such replica has applied the emptying of"
              + " bench_batch, so no replica still replays an earlier round on the shared cores.")
  List<String> settleUrls = new ArrayList<>();

  @Option(names = "--startup-runs", description = "Fresh JVMs for the start-up figures; 0 skips.")
  int startupRuns = 3;

  private final Map<String, DataSource> sources = new LinkedHashMap<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private HandScatter handScatter;
  private long errors;

  public static void main(String[] args) {
    System.exit(new CommandLine(new LoadHarness()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    boolean h2 = directUrl == null;
    if (h2) {
      directUrl = "jdbc:h2:mem:bench-direct;DB_CLOSE_DELAY=-1";
      shardUrls = new ArrayList<>();
      for (int i = 1; i <= 4; i++) {
        shardUrls.add("jdbc:h2:mem:bench-s" + i + ";DB_CLOSE_DELAY=-1");
      }
    }
    if (shardUrls.size() != 4 || shardUrls.contains(directUrl)) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "Give four --shard-url, none equal to --direct-url.");
    }
    try {
      setUp();
      System.out.printf(
          "%n## Load harness: %s, %d threads, %d rounds of %.1f s per target, %d rows,"
              + " readYourWrites %s%n",
          engine, threads, rounds, roundSeconds, rows, readYourWrites);
      Rounds runner = new Rounds(threads, roundSeconds, rounds, rows);
      for (String label : workloads) {
        if (label.equals("none")) {
          continue;
        }
        Workload workload = Workload.of(label);
        List<Target> targets = new ArrayList<>();
        sources.forEach((name, ds) -> targets.add(Target.pooled(name, ds)));
        if (workload == Workload.SCATTER_ORDER_LIMIT) {
          targets.add(new Target(BY_HAND, (w, client) -> client.sink += handScatter.run()));
        }
        Map<String, Stats> stats = runner.run(workload, targets);
        report(workload, stats);
        stats.values().forEach(st -> errors += st.errors);
      }
      if (batchRows > 0) {
        batch();
      }
      if (startupRuns > 0) {
        startup();
      }
      return errors == 0 ? 0 : 1;
    } finally {
      for (AutoCloseable c : closeables) {
        c.close();
      }
    }
  }

  private void setUp() throws SQLException {
    try (Connection c = DriverManager.getConnection(directUrl, user, password);
        Statement s = c.createStatement()) {
      for (String sql : setupSql) {
        s.execute(sql);
      }
    }
    List<String> all = new ArrayList<>(shardUrls);
    all.add(0, directUrl);
    for (String url : all) {
      try (Connection c = DriverManager.getConnection(url, user, password);
          Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS bench_sbtest");
        s.execute("DROP TABLE IF EXISTS bench_batch");
        s.execute(
            "CREATE TABLE bench_sbtest (id BIGINT PRIMARY KEY, k INT NOT NULL,"
                + " c VARCHAR(120) NOT NULL, pad VARCHAR(60) NOT NULL)");
        s.execute("CREATE INDEX bench_sbtest_k ON bench_sbtest (k)");
        s.execute(
            "CREATE TABLE bench_batch (id BIGINT PRIMARY KEY, k INT NOT NULL,"
                + " c VARCHAR(120) NOT NULL)");
      }
    }
    HikariDataSource direct = hikari(directUrl, "bench-direct");
    sources.put(DIRECT, direct);
    List<DataSource> shardPools = new ArrayList<>();
    for (int i = 0; i < shardUrls.size(); i++) {
      shardPools.add(hikari(shardUrls.get(i), "bench-shard" + (i + 1)));
    }
    handScatter = new HandScatter(shardPools);
    sources.put(ONE_SHARD, shardwise(List.of(directUrl)));
    sources.put(FOUR_SHARDS, shardwise(shardUrls));
    load(direct);
    load(sources.get(FOUR_SHARDS));
  }

  private HikariDataSource hikari(String url, String name) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(threads);
    config.setPoolName(name);
    HikariDataSource pool = new HikariDataSource(config);
    closeables.add(pool);
    return pool;
  }

  private DataSource shardwise(List<String> urls) throws SQLException {
    String pool =
        "pool: { maximumPoolSize: "
            + threads
            + ", connectionTimeout: 10s }\nreads: { readYourWrites: \""
            + readYourWrites
            + "\" }\n";
    String url = ShardMaps.writeMap(ShardMaps.yaml(urls.size(), urls, user, password, 0, pool));
    ShardwiseDataSource ds = new ShardwiseDataSource(url);
    closeables.add(() -> ShardwiseDriver.shutdown(url));
    return ds;
  }

  /** Loads {@code rows} sbtest rows, in batches of 1,000 (split per shard by the driver). */
  private void load(DataSource ds) throws SQLException {
    Workload.Client random = new Workload.Client(1, rows, 1, 0);
    try (Connection c = ds.getConnection();
        PreparedStatement s =
            c.prepareStatement("INSERT INTO bench_sbtest (id, k, c, pad) VALUES (?, ?, ?, ?)")) {
      c.setAutoCommit(false);
      for (int id = 1; id <= rows; id++) {
        s.setLong(1, id);
        s.setInt(2, random.random.nextInt(1_000_000));
        s.setString(3, random.text(120));
        s.setString(4, random.text(60));
        s.addBatch();
        if (id % 1000 == 0 || id == rows) {
          s.executeBatch();
          c.commit();
        }
      }
      c.setAutoCommit(true);
    }
  }

  private void report(Workload workload, Map<String, Stats> stats) {
    Stats direct = stats.get(DIRECT);
    System.out.printf("%n### %s (%s)%n%n", workload.label(), engine);
    System.out.println(
        "| target | ops/s | p50 µs | p99 µs | p99.9 µs | throughput / direct | p50 added µs |"
            + " client CPU µs/op | errors |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    stats.forEach(
        (name, s) ->
            System.out.printf(
                "| %s | %.0f | %.1f | %.1f | %.1f | %.3f | %.1f | %.1f | %d |%n",
                name,
                s.perSecond(),
                s.micros(50),
                s.micros(99),
                s.micros(99.9),
                s.perSecond() / direct.perSecond(),
                s.micros(50) - direct.micros(50),
                s.clientCpuMicrosPerOperation(),
                s.errors));
    Stats byHand = stats.get(BY_HAND);
    if (byHand != null) {
      System.out.printf(
          "%nshardwise-4 / by-hand-4 (the driver's own cost): %.3f; by-hand-4 / direct (four"
              + " databases instead of one): %.3f%n",
          stats.get(FOUR_SHARDS).perSecond() / byHand.perSecond(),
          byHand.perSecond() / direct.perSecond());
    }
    stats.forEach(
        (name, s) -> {
          if (s.firstError != null) {
            System.out.printf("%nfirst error of %s: %s%n", name, s.firstError);
          }
        });
  }

  /** A {@code batchRows}-row batch insert in one transaction, alternating targets per round. */
  private void batch() throws SQLException {
    List<String> names = new ArrayList<>(sources.keySet());
    Map<String, long[]> nanos = new LinkedHashMap<>();
    names.forEach(n -> nanos.put(n, new long[batchRounds]));
    List<Connection> replicas = new ArrayList<>();
    try {
      for (String url : settleUrls) {
        replicas.add(DriverManager.getConnection(url, user, password));
      }
      for (int r = -batchWarmupRounds; r < batchRounds; r++) { // rounds below 0 warm up
        for (String name : Rounds.order(names, r)) {
          long elapsed = batchOnce(sources.get(name), r, replicas);
          if (r >= 0) {
            nanos.get(name)[r] = elapsed;
          }
        }
      }
    } finally {
      for (Connection replica : replicas) {
        replica.close();
      }
    }
    long direct = median(nanos.get(DIRECT));
    System.out.printf(
        "%n### batch insert of %,d rows in one transaction (%s)%n%n", batchRows, engine);
    System.out.println("| target | median ms | rows/s | throughput / direct | rounds (ms) |");
    System.out.println("|---|---:|---:|---:|---|");
    nanos.forEach(
        (name, n) -> {
          long m = median(n);
          System.out.printf(
              "| %s | %.1f | %.0f | %.3f | %s |%n",
              name,
              m / 1e6,
              batchRows * 1e9 / m,
              (double) direct / m,
              Arrays.toString(Arrays.stream(n).map(x -> x / 1_000_000).toArray()));
        });
  }

  private long batchOnce(DataSource ds, int round, List<Connection> replicas) throws SQLException {
    Workload.Client random = new Workload.Client(round, batchRows, 1, 0);
    for (DataSource each : sources.values()) { // every target's copy, so replicas can settle
      try (Connection c = each.getConnection();
          Statement s = c.createStatement()) {
        s.executeUpdate("TRUNCATE TABLE bench_batch"); // leaves no dead rows to purge or vacuum
      }
    }
    settle(replicas);
    try (Connection c = ds.getConnection()) {
      long start = System.nanoTime();
      c.setAutoCommit(false);
      try (PreparedStatement s =
          c.prepareStatement("INSERT INTO bench_batch (id, k, c) VALUES (?, ?, ?)")) {
        for (int id = 1; id <= batchRows; id++) {
          s.setLong(1, id);
          s.setInt(2, id);
          s.setString(3, random.text(40));
          s.addBatch();
        }
        s.executeBatch();
      }
      c.commit();
      long elapsed = System.nanoTime() - start;
      c.setAutoCommit(true);
      return elapsed;
    }
  }

  /**
   * Waits (polling, at most a minute) until each replica's bench_batch is empty: it has applied the
   * TRUNCATEs just run, so it replays nothing of the rounds before while the next one is timed.
   */
  private static void settle(List<Connection> replicas) throws SQLException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    for (Connection replica : replicas) {
      try (Statement s = replica.createStatement()) {
        while (true) {
          try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM bench_batch")) {
            rs.next();
            if (rs.getLong(1) == 0) {
              break;
            }
          }
          if (System.nanoTime() > deadline) {
            throw new SQLException(
                "A replica (" + replica.getMetaData().getURL() + ") lags more than a minute");
          }
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
      }
    }
  }

  private static long median(long[] rounds) {
    long[] measured = rounds.clone();
    Arrays.sort(measured);
    return measured[measured.length / 2];
  }

  /**
   * Start-up with a 16-shard map of lazy pools, each run in a fresh JVM: with 2 replicas per shard
   * (the target's 16 x 3 map; the health monitor's first round connects to all 32 replicas before
   * getConnection returns) and without replicas (no probe: the driver's own cost).
   */
  private void startup() throws IOException, InterruptedException {
    System.out.printf("%n### start-up: 16-shard map, lazy pools, fresh JVM per run%n%n");
    System.out.println(
        "| map | run | H2 cold start ms (excluded) | getConnection ms | prepare (analysis) ms |"
            + " first execute ms (route + pool start + H2 connect + query) | getConnection CPU ms"
            + " | prepare CPU ms |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|---:|");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (int replicas : new int[] {2, 0}) {
      String label = replicas == 2 ? "16 x 3 nodes" : "16 x 1 node";
      for (int run = 1; run <= startupRuns; run++) {
        String url = ShardMaps.writeMap(startupMap(run, replicas));
        Process p =
            new ProcessBuilder(
                    java,
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-cp",
                    System.getProperty("java.class.path"),
                    FirstStatement.class.getName(),
                    url,
                    "jdbc:h2:mem:startup-probe")
                .redirectErrorStream(true)
                .start();
        String line = null;
        try (BufferedReader out =
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          for (String l = out.readLine(); l != null; l = out.readLine()) {
            if (l.startsWith("h2Cold=")) {
              line = l;
            } else {
              System.err.println("startup child: " + l);
            }
          }
        }
        p.waitFor();
        if (line == null) {
          System.out.printf(
              "| %s | %d | failed (exit %d) | | | | | |%n", label, run, p.exitValue());
          errors++;
          continue;
        }
        String[] f = line.split(" ");
        System.out.printf(
            "| %s | %d | %s | %s | %s | %s | %s | %s |%n",
            label,
            run,
            value(f[0]),
            value(f[1]),
            value(f[2]),
            value(f[3]),
            value(f[4]),
            value(f[5]));
      }
    }
  }

  private static String value(String field) {
    return field.substring(field.indexOf('=') + 1);
  }

  private static String startupMap(int run, int replicas) {
    String init =
        ";DB_CLOSE_DELAY=-1;INIT=CREATE TABLE IF NOT EXISTS users"
            + "(user_id BIGINT PRIMARY KEY, name VARCHAR(100))";
    StringBuilder yaml = new StringBuilder("version: 1\nshards:\n");
    for (int i = 1; i <= 16; i++) {
      String base = "jdbc:h2:mem:startup" + run + "-" + replicas + "-s" + i;
      yaml.append("  - name: s").append(i).append('\n');
      yaml.append("    primary: { url: \"").append(base).append("-p").append(init);
      yaml.append("\", user: sa, password: \"\" }\n");
      if (replicas > 0) {
        yaml.append("    replicas:\n");
      }
      for (int r = 1; r <= replicas; r++) {
        yaml.append("      - { url: \"").append(base).append("-r").append(r).append(init);
        yaml.append("\", user: sa, password: \"\" }\n");
      }
    }
    return yaml.append(ShardMaps.TABLES).append("defaultShard: s1\n").toString();
  }
}
