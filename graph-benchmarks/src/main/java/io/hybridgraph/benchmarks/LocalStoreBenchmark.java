package io.hybridgraph.benchmarks;

import io.hybridgraph.benchmarks.Latencies.Summary;
import io.hybridgraph.benchmarks.RandomGraph.Shape;
import io.hybridgraph.domain.graph.ConnectedMemory;
import io.hybridgraph.domain.graph.GraphPath;
import io.hybridgraph.domain.graph.GraphStatistics;
import io.hybridgraph.domain.graph.Subgraph;
import io.hybridgraph.domain.graph.TraversalFilter;
import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.port.in.ConnectedQuery;
import io.hybridgraph.domain.port.in.PathQuery;
import io.hybridgraph.domain.port.in.SubgraphQuery;
import io.hybridgraph.domain.service.GraphService;
import io.hybridgraph.sqlite.SqliteGraphStore;
import io.hybridgraph.sqlite.SqliteStoreConfig;
import io.hybridgraph.sqlite.SqliteStoreConfig.Durability;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * Measures the local store the way the app uses it: random graphs are stored association by
 * association through {@link GraphService} into a {@link SqliteGraphStore} on a real file (each
 * store writes {@code memory_graph}, the replica table and the outbox in one transaction), then
 * traversals run from random memories. Prints p50/p99/mean/max per operation and graph, and how the
 * results compare with the targets.
 *
 * <p>A benchmark, not a test: it asserts nothing and exits 0 whatever it measures. The command and
 * a recorded run are in {@code docs/benchmarks.md}; {@code --help} lists the options. The same seed
 * always builds the same graphs and queries.
 */
public final class LocalStoreBenchmark {

  static final int PATH_MAX_HOPS = 6;
  static final int SUBGRAPH_MAX_NODES = 500;

  /**
   * Stores timed with FULL durability to estimate whether loading the large graphs with it fits.
   */
  static final int PROBE_STORES = 2_000;

  /** Largest graph that is loaded with both durabilities. */
  static final int BOTH_DURABILITIES_UP_TO = 10_000;

  /**
   * Longest projected FULL load of one large graph before the large graphs fall back to NORMAL. The
   * projection is a lower bound (a store costs more as the database grows: a 2,000-store probe has
   * projected a third to a fifth of the real 100,000-association FULL load here), hence the tight
   * budget.
   */
  static final double FULL_LOAD_BUDGET_SECONDS = 20;

  static final double STORE_P99_TARGET_MS = 1.0;
  static final double QUERY_P50_TARGET_MS = 5.0;
  static final int QUERY_TARGET_GRAPH = 100_000;

  private static final TraversalFilter ANY = TraversalFilter.any();

  private final Options options;
  private final Path directory;
  private final PrintStream out;
  private final List<String> verdicts = new ArrayList<>();

  private LocalStoreBenchmark(Options options, Path directory, PrintStream out) {
    this.options = options;
    this.directory = directory;
    this.out = out;
  }

  public static void main(String[] args) throws IOException {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(Options.USAGE);
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.println(Options.USAGE);
      return;
    }
    long started = System.nanoTime();
    Path directory =
        options.parent().isPresent()
            ? Files.createTempDirectory(options.parent().get(), "graph-benchmark-")
            : Files.createTempDirectory("graph-benchmark-");
    try {
      new LocalStoreBenchmark(options, directory, System.out).run();
    } finally {
      deleteRecursively(directory);
    }
    System.out.printf(
        Locale.ROOT, "%ntotal run time: %.1f s%n", (System.nanoTime() - started) / 1e9);
  }

  private void run() {
    out.println("Local store benchmark (graph-sqlite-adapter through GraphService)");
    out.println(
        "date:        " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    MachineInfo.describe(directory).forEach(out::println);
    out.printf(
        Locale.ROOT,
        "settings:    seed %d, %d warm-up + %d measured queries per kind, sizes %s,"
            + " shortest path max %d hops, subgraph max %d nodes, TraversalFilter.any()%n",
        options.seed(),
        options.warmup(),
        options.queries(),
        options.sizes(),
        PATH_MAX_HOPS,
        SUBGRAPH_MAX_NODES);

    warmUpJvm();
    Durability large = chooseLargeDurability();
    for (int size : options.sizes()) {
      for (Shape shape : Shape.values()) {
        benchmark(
            shape, size, size <= BOTH_DURABILITIES_UP_TO ? Optional.empty() : Optional.of(large));
      }
    }

    out.println();
    out.println("load at the end: " + MachineInfo.loadAverage());
    out.println("Targets");
    verdicts.forEach(line -> out.println("  " + line));
  }

  /**
   * Runs every code path once at volume on a scratch graph so the measured runs see compiled code.
   */
  private void warmUpJvm() {
    long started = System.nanoTime();
    RandomGraph graph = RandomGraph.generate(Shape.SPARSE, 3_000, new Random(options.seed() - 1));
    try (Loaded loaded = load(graph, "warm-up", Durability.NORMAL)) {
      runQueries(loaded, graph, new Random(options.seed() - 1), false);
    }
    out.printf(
        Locale.ROOT,
        "%nJVM warm-up: 3,000 stores and every query kind on a scratch graph, %.1f s (not"
            + " reported)%n",
        (System.nanoTime() - started) / 1e9);
  }

  /**
   * Times {@value #PROBE_STORES} stores with FULL durability and projects the load time of the
   * largest graph from their mean; picks FULL for the large graphs when that fits the budget.
   */
  private Durability chooseLargeDurability() {
    int largest = options.sizes().stream().mapToInt(Integer::intValue).max().orElse(0);
    RandomGraph graph =
        RandomGraph.generate(Shape.SPARSE, PROBE_STORES, new Random(options.seed() - 2));
    Latencies probe;
    try (Loaded loaded = load(graph, "probe", Durability.FULL)) {
      probe = loaded.stores();
    }
    Summary summary = probe.summary();
    double projected = summary.mean() * largest / 1e9;
    out.printf(
        Locale.ROOT,
        "FULL durability probe: %,d stores p50 %.3f ms, p99 %.3f ms, mean %.3f ms;"
            + " projected FULL load of %,d associations at least %.0f s%n",
        summary.samples(),
        ms(summary.p50()),
        ms(summary.p99()),
        ms(summary.mean()),
        largest,
        projected);
    Durability chosen;
    String why;
    if (options.largeDurability().isPresent()) {
      chosen = options.largeDurability().get();
      why = "as asked with --large-durability";
    } else if (projected <= FULL_LOAD_BUDGET_SECONDS) {
      chosen = Durability.FULL;
      why =
          String.format(
              Locale.ROOT, "projection within the %.0f s budget", FULL_LOAD_BUDGET_SECONDS);
    } else {
      chosen = Durability.NORMAL;
      why =
          String.format(Locale.ROOT, "projection over the %.0f s budget", FULL_LOAD_BUDGET_SECONDS);
    }
    out.printf(
        Locale.ROOT,
        "graphs over %,d associations are loaded with %s durability only (%s)%n",
        BOTH_DURABILITIES_UP_TO,
        chosen,
        why);
    return chosen;
  }

  /**
   * Loads one graph (with both durabilities when {@code only} is empty, queries then running on the
   * FULL copy), runs every query kind and prints the table.
   */
  private void benchmark(Shape shape, int size, Optional<Durability> only) {
    RandomGraph graph =
        RandomGraph.generate(shape, size, new Random(mix(options.seed(), shape, size, 1)));
    String name = shape.label() + "-" + size;
    List<Row> rows = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Durability queried = only.orElse(Durability.FULL);
    if (only.isEmpty()) {
      try (Loaded normal = load(graph, name, Durability.NORMAL)) {
        rows.add(storeRow(normal, graph));
        notes.add(loadNote(normal));
      }
    }
    try (Loaded loaded = load(graph, name, queried)) {
      rows.add(0, storeRow(loaded, graph));
      notes.add(0, loadNote(loaded));
      notes.add(contentNote(loaded));
      rows.addAll(runQueries(loaded, graph, new Random(mix(options.seed(), shape, size, 2)), true));
    }

    out.println();
    out.println("== " + graph.describe() + " ==");
    notes.forEach(note -> out.println("   " + note));
    out.printf(
        Locale.ROOT,
        "   %-38s %8s %9s %9s %9s %9s  %s%n",
        "operation",
        "samples",
        "p50 ms",
        "p99 ms",
        "mean ms",
        "max ms",
        "result");
    for (Row row : rows) {
      Summary s = row.summary();
      out.printf(
          Locale.ROOT,
          "   %-38s %,8d %9.3f %9.3f %9.3f %9.3f  %s%n",
          row.label(),
          s.samples(),
          ms(s.p50()),
          ms(s.p99()),
          ms(s.mean()),
          ms(s.max()),
          row.result());
    }
    judge(shape, size, rows);
  }

  private Row storeRow(Loaded loaded, RandomGraph graph) {
    long symmetric = graph.associations().stream().filter(Association::isSymmetric).count();
    return new Row(
        "store, " + loaded.durability() + " (change capture on)",
        loaded.stores().summary(),
        String.format(
            Locale.ROOT,
            "%.0f%% symmetric; %.1f%% of stores over %.0f ms",
            100.0 * symmetric / graph.associations().size(),
            100.0
                * loaded.stores().countOver((long) (STORE_P99_TARGET_MS * 1e6))
                / loaded.stores().count(),
            STORE_P99_TARGET_MS));
  }

  private static String loadNote(Loaded loaded) {
    return String.format(
        Locale.ROOT,
        "loaded with %s durability in %.1f s (%,.0f stores/s)",
        loaded.durability(),
        loaded.seconds(),
        loaded.stores().count() / loaded.seconds());
  }

  private static String contentNote(Loaded loaded) {
    GraphStatistics statistics = loaded.service().statistics();
    long outbox = loaded.store().outbox().depth();
    long replica = loaded.store().replica().rowCount();
    return String.format(
        Locale.ROOT,
        "after loading: %,d memory_graph rows (%,d relationships, %,d memories), %,d replica rows,"
            + " %,d outbox entries; database %.1f MiB",
        statistics.rows(),
        statistics.relationships(),
        statistics.memories(),
        replica,
        outbox,
        loaded.databaseBytes() / (1024.0 * 1024.0));
  }

  private List<Row> runQueries(Loaded loaded, RandomGraph graph, Random random, boolean report) {
    GraphService service = loaded.service();
    int warmup = report ? options.warmup() : 200;
    int queries = report ? options.queries() : 200;
    List<MemoryHash> linked = graph.linked();
    QueryTimer timer = new QueryTimer(linked, random, warmup, queries);
    List<Row> rows = new ArrayList<>();
    for (int hops = 1; hops <= 3; hops++) {
      int maxHops = hops;
      rows.add(
          timer.time(
              "connected memories, " + hops + (hops == 1 ? " hop" : " hops"),
              (a, b) -> service.findConnected(new ConnectedQuery(a, maxHops, ANY)),
              new Tally<List<ConnectedMemory>>() {
                @Override
                void count(List<ConnectedMemory> found) {
                  sum += found.size();
                }

                @Override
                String result() {
                  return String.format(Locale.ROOT, "mean %,.1f memories found", mean());
                }
              }));
    }
    rows.add(
        timer.time(
            "shortest path (max " + PATH_MAX_HOPS + " hops)",
            (a, b) -> service.shortestPath(new PathQuery(a, b, PATH_MAX_HOPS, ANY)),
            new Tally<Optional<GraphPath>>() {
              @Override
              void count(Optional<GraphPath> path) {
                if (path.isPresent()) {
                  flagged++;
                  sum += path.get().hops();
                }
              }

              @Override
              String result() {
                return String.format(
                    Locale.ROOT,
                    "%.1f%% found, mean %.2f hops",
                    percentFlagged(),
                    flagged == 0 ? 0 : (double) sum / flagged);
              }
            }));
    for (int radius = 1; radius <= 2; radius++) {
      int r = radius;
      rows.add(
          timer.time(
              "subgraph, radius " + radius + " (max " + SUBGRAPH_MAX_NODES + " nodes)",
              (a, b) -> service.subgraph(new SubgraphQuery(a, r, SUBGRAPH_MAX_NODES, ANY)),
              new Tally<Subgraph>() {
                private long edges;

                @Override
                void count(Subgraph subgraph) {
                  sum += subgraph.nodes().size();
                  edges += subgraph.edges().size();
                  if (subgraph.truncated()) {
                    flagged++;
                  }
                }

                @Override
                String result() {
                  return String.format(
                      Locale.ROOT,
                      "mean %,.1f nodes, %,.1f edges; truncated %.1f%%",
                      mean(),
                      (double) edges / samples,
                      percentFlagged());
                }
              }));
    }
    return rows;
  }

  private void judge(Shape shape, int size, List<Row> rows) {
    for (Row row : rows) {
      if (row.label().startsWith("store")) {
        double p99 = ms(row.summary().p99());
        verdicts.add(
            String.format(
                    Locale.ROOT,
                    "%-6s store p99 < %.0f ms, %s %,d: %.3f ms",
                    p99 < STORE_P99_TARGET_MS ? "MET" : "MISSED",
                    STORE_P99_TARGET_MS,
                    shape.label(),
                    size,
                    p99)
                + " ["
                + row.label().substring("store, ".length())
                + "]");
      }
    }
    if (shape != Shape.DENSE || size != QUERY_TARGET_GRAPH) {
      return;
    }
    for (Row row : rows) {
      String label = row.label();
      if (label.startsWith("connected memories, 3")
          || label.startsWith("shortest path")
          || label.startsWith("subgraph, radius 2")) {
        double p50 = ms(row.summary().p50());
        verdicts.add(
            String.format(
                Locale.ROOT,
                "%-6s %s p50 < %.0f ms, dense %,d: %.3f ms",
                p50 < QUERY_P50_TARGET_MS ? "MET" : "MISSED",
                label,
                QUERY_P50_TARGET_MS,
                size,
                p50));
      }
    }
  }

  private Loaded load(RandomGraph graph, String name, Durability durability) {
    Path file = directory.resolve(name + "-" + durability.name().toLowerCase(Locale.ROOT) + ".db");
    SqliteGraphStore store =
        SqliteGraphStore.open(SqliteStoreConfig.of(file).withDurability(durability));
    GraphService service = new GraphService(store.associations(), store.index());
    List<Association> associations = graph.associations();
    Latencies latencies = new Latencies(associations.size());
    System.gc();
    long started = System.nanoTime();
    for (Association association : associations) {
      long before = System.nanoTime();
      service.store(association);
      latencies.add(System.nanoTime() - before);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    return new Loaded(store, service, file, durability, latencies, seconds);
  }

  private static long mix(long seed, Shape shape, int size, int purpose) {
    return seed * 1_000_003L + size * 31L + shape.ordinal() * 7L + purpose;
  }

  private static double ms(double nanos) {
    return nanos / 1e6;
  }

  private static void deleteRecursively(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** One line of a graph's table. */
  private record Row(String label, Summary summary, String result) {}

  /** A loaded store, closed and its files deleted when done with. */
  private record Loaded(
      SqliteGraphStore store,
      GraphService service,
      Path file,
      Durability durability,
      Latencies stores,
      double seconds)
      implements AutoCloseable {

    long databaseBytes() {
      long bytes = 0;
      for (String suffix : List.of("", "-wal", "-shm")) {
        Path part = file.resolveSibling(file.getFileName() + suffix);
        try {
          bytes += Files.exists(part) ? Files.size(part) : 0;
        } catch (IOException e) {
          // a WAL checkpointed away meanwhile: counted as empty
        }
      }
      return bytes;
    }

    @Override
    public void close() {
      store.close();
      for (String suffix : List.of("", "-wal", "-shm")) {
        try {
          Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
        } catch (IOException e) {
          // the temporary directory is deleted at the end anyway
        }
      }
    }
  }

  /** Accumulates what the measured queries of one kind returned, for the result column. */
  private abstract static class Tally<T> {
    long samples;
    long sum;
    long flagged;

    abstract void count(T result);

    abstract String result();

    double mean() {
      return samples == 0 ? 0 : (double) sum / samples;
    }

    double percentFlagged() {
      return samples == 0 ? 0 : 100.0 * flagged / samples;
    }
  }

  /** Times queries from random linked memories: a warm-up, then the measured ones. */
  private record QueryTimer(List<MemoryHash> linked, Random random, int warmup, int queries) {

    <T> Row time(String label, BiFunction<MemoryHash, MemoryHash, T> query, Tally<T> tally) {
      Latencies latencies = new Latencies(queries);
      System.gc();
      for (int i = 0; i < warmup + queries; i++) {
        MemoryHash a = linked.get(random.nextInt(linked.size()));
        MemoryHash b = linked.get(random.nextInt(linked.size()));
        while (b.equals(a)) {
          b = linked.get(random.nextInt(linked.size()));
        }
        long before = System.nanoTime();
        T result = query.apply(a, b);
        long elapsed = System.nanoTime() - before;
        if (i >= warmup) {
          latencies.add(elapsed);
          tally.samples++;
          tally.count(result);
        }
      }
      return new Row(label, latencies.summary(), tally.result());
    }
  }

  /** Command-line options; see {@link #USAGE}. */
  record Options(
      long seed,
      int warmup,
      int queries,
      List<Integer> sizes,
      Optional<Durability> largeDurability,
      Optional<Path> parent,
      boolean help) {

    static final String USAGE =
        String.join(
            "\n",
            "usage: java -jar graph-benchmarks/target/graph-benchmarks.jar [options]",
            "  --seed N                  random seed for graphs and queries (default 42)",
            "  --warmup N                unmeasured queries per kind and graph (default 500)",
            "  --queries N               measured queries per kind and graph (default 1000)",
            "  --sizes A,B,...           association counts (default 2730,100000); each is run"
                + " as a sparse (memories = n/2) and a dense (memories = n/10) graph",
            "  --large-durability MODE   auto (default), full or normal: durability for graphs"
                + " over "
                + BOTH_DURABILITIES_UP_TO
                + " associations; auto picks FULL when a "
                + PROBE_STORES
                + "-store probe projects the load within "
                + (int) FULL_LOAD_BUDGET_SECONDS
                + " s",
            "  --dir PATH                where to create the temporary database directory"
                + " (default java.io.tmpdir)",
            "  --help                    this text");

    static Options parse(String[] args) {
      long seed = 42;
      int warmup = 500;
      int queries = 1_000;
      List<Integer> sizes = List.of(2_730, 100_000);
      Optional<Durability> largeDurability = Optional.empty();
      Optional<Path> parent = Optional.empty();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("--help") || arg.equals("-h")) {
          return new Options(seed, warmup, queries, sizes, largeDurability, parent, true);
        }
        String name = arg;
        String value;
        int equals = arg.indexOf('=');
        if (equals > 0) {
          name = arg.substring(0, equals);
          value = arg.substring(equals + 1);
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          throw new IllegalArgumentException("option " + arg + " needs a value");
        }
        switch (name) {
          case "--seed" -> seed = parseLong(name, value);
          case "--warmup" -> warmup = (int) parseWithin(name, value, 0, 1_000_000);
          case "--queries" -> queries = (int) parseWithin(name, value, 1, 1_000_000);
          case "--sizes" -> {
            List<Integer> parsed = new ArrayList<>();
            for (String part : value.split(",")) {
              parsed.add((int) parseWithin(name, part.strip(), 2, 10_000_000));
            }
            sizes = List.copyOf(parsed);
          }
          case "--large-durability" -> {
            String mode = value.strip().toUpperCase(Locale.ROOT);
            if (mode.equals("AUTO")) {
              largeDurability = Optional.empty();
            } else {
              try {
                largeDurability = Optional.of(Durability.valueOf(mode));
              } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                    "--large-durability must be auto, full or normal, was '" + value + "'");
              }
            }
          }
          case "--dir" -> parent = Optional.of(Path.of(value));
          default -> throw new IllegalArgumentException("unknown option " + name);
        }
      }
      return new Options(seed, warmup, queries, sizes, largeDurability, parent, false);
    }

    private static long parseLong(String name, String value) {
      try {
        return Long.parseLong(value.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " must be an integer, was '" + value + "'");
      }
    }

    private static long parseWithin(String name, String value, long min, long max) {
      long parsed = parseLong(name, value);
      if (parsed < min || parsed > max) {
        throw new IllegalArgumentException(
            name + " must be within [" + min + ", " + max + "], was " + parsed);
      }
      return parsed;
    }
  }
}
