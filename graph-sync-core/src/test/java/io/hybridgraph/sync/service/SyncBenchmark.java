package io.hybridgraph.sync.service;

import io.hybridgraph.d1.D1Remote;
import io.hybridgraph.d1.testing.LocalD1Database;
import io.hybridgraph.d1.testing.LocalD1Server;
import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.ConnectionTypes;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.model.Similarity;
import io.hybridgraph.domain.port.out.RemoteGraph;
import io.hybridgraph.domain.service.GraphService;
import io.hybridgraph.sqlite.SqliteGraphStore;
import io.hybridgraph.sqlite.SqliteStoreConfig;
import io.hybridgraph.sync.SyncConfig;
import io.hybridgraph.sync.port.in.DriftReport;
import io.hybridgraph.sync.port.in.InitialSyncResult;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Sync figures against the local D1 engine: visibility latency from a store on device A to its
 * visibility on device B at the default intervals; initial sync of 100,000 associations (time,
 * requests, peak heap; run the JVM with {@code -Xmx256m}); drift check time and rows moved on the
 * in-sync graph, then with one row edited in D1 behind the app's back.
 */
public final class SyncBenchmark {

  private static final Clock CLOCK = Clock.systemUTC();

  private SyncBenchmark() {}

  public static void main(String[] args) throws Exception {
    int visibilitySamples = Integer.getInteger("samples", 200);
    int initialRows = Integer.getInteger("rows", 100_000);
    long seed = Long.getLong("seed", 42L);
    List<String> parts =
        List.of(System.getProperty("parts", "visibility,initial,sweep").split(","));
    int sweepRows = Integer.getInteger("sweepRows", 20_000);
    List<Integer> sweepSizes =
        Arrays.stream(System.getProperty("sweepSizes", "100,250,500,1000,2000,5000").split(","))
            .map(String::trim)
            .map(Integer::valueOf)
            .toList();
    Path dir = Files.createTempDirectory("sync-benchmark");
    long started = System.nanoTime();
    System.out.printf(
        Locale.ROOT,
        "Sync benchmark (seed %d) on %d cores, JVM %s, max heap %d MB%n",
        seed,
        Runtime.getRuntime().availableProcessors(),
        Runtime.version(),
        Runtime.getRuntime().maxMemory() / (1024 * 1024));
    try {
      if (parts.contains("visibility")) {
        visibility(dir, visibilitySamples, seed);
      }
      if (parts.contains("initial")) {
        initialSyncAndDrift(dir, initialRows, seed);
      }
      if (parts.contains("sweep")) {
        batchSizeSweep(dir, sweepRows, seed, sweepSizes);
      }
    } finally {
      deleteTree(dir);
    }
    System.out.printf(
        Locale.ROOT, "%nTotal run time: %.1f s%n", (System.nanoTime() - started) / 1e9);
    System.exit(0);
  }

  private static SqliteGraphStore store(Path file) {
    return SqliteGraphStore.open(SqliteStoreConfig.of(file), CLOCK);
  }

  private static SyncParts sync(SqliteGraphStore store, RemoteGraph remote, SyncConfig config) {
    return TestSync.of(store, remote, CLOCK)
        .config(config)
        .random(() -> ThreadLocalRandom.current().nextDouble())
        .build();
  }

  private static Association association(Random random, int i, int memories) {
    int source = random.nextInt(memories);
    int target = (source + 1 + random.nextInt(memories - 1)) % memories;
    RelationshipType type = RelationshipType.values()[random.nextInt(6)];
    return new Association(
        MemoryHash.of(String.format("%064x", source)),
        MemoryHash.of(String.format("%064x", target)),
        type,
        Similarity.of(random.nextInt(1001) / 1000.0),
        ConnectionTypes.of("semantic", "temporal"),
        Metadata.of(Map.of("benchmark", true, "i", (long) i)),
        1_737_000_000.0 + i);
  }

  /** Device A stores, device B notices: both run the real background service with defaults. */
  private static void visibility(Path dir, int samples, long seed) throws Exception {
    SyncConfig config = SyncConfig.defaults(true);
    try (LocalD1Database db = LocalD1Server.get().lease()) {
      db.reset();
      D1Remote remoteA = D1Remote.create(db.config().build());
      remoteA.migrateSchema();
      D1Remote remoteB = D1Remote.create(db.config().build());
      SqliteGraphStore a = store(dir.resolve("visibility-a.db"));
      SqliteGraphStore b = store(dir.resolve("visibility-b.db"));
      SyncService serviceA = sync(a, remoteA.graph(), config).service();
      SyncService serviceB = sync(b, remoteB.graph(), config).service();
      GraphService deviceA = new GraphService(a.associations(), a.index(), serviceA::wake);
      serviceA.start();
      serviceB.start();
      Random random = new Random(seed);
      long[] latencies = new long[samples];
      try {
        for (int i = 0; i < samples; i++) {
          Association association = association(random, i, 1_000);
          RowKey key = association.key();
          long stored = System.nanoTime();
          deviceA.store(association);
          while (b.associations().get(key).filter(association::equals).isEmpty()) {
            Thread.onSpinWait();
            if (System.nanoTime() - stored > 30_000_000_000L) {
              throw new IllegalStateException("association " + key + " never reached device B");
            }
            Thread.sleep(1);
          }
          latencies[i] = System.nanoTime() - stored;
          // Stores land at random points of the pull cycle, as a person's writes would.
          Thread.sleep(random.nextInt((int) config.pullInterval().toMillis()));
        }
      } finally {
        serviceA.stop();
        serviceB.stop();
        a.close();
        b.close();
      }
      Arrays.sort(latencies);
      System.out.printf(
          Locale.ROOT,
          "%nVisibility A -> B (push on write, pull every %d ms), %d stores:%n"
              + "  p50 %.0f ms, p95 %.0f ms, max %.0f ms%n",
          config.pullInterval().toMillis(),
          samples,
          latencies[samples / 2] / 1e6,
          latencies[(int) (samples * 0.95)] / 1e6,
          latencies[samples - 1] / 1e6);
    }
  }

  /**
   * An existing graph of {@code rows} associations (written straight into memory_graph, as the
   * Python service leaves it), uploaded by the initial sync; then drift checks.
   */
  private static void initialSyncAndDrift(Path dir, int rows, long seed) throws Exception {
    Path file = dir.resolve("initial.db");
    seedLegacyDatabase(file, rows, seed);
    SyncConfig config = SyncConfig.defaults(true);
    try (LocalD1Database db = LocalD1Server.get().lease()) {
      db.reset();
      D1Remote remote = D1Remote.create(db.config().build());
      remote.migrateSchema();
      HeapSampler heap = new HeapSampler();
      heap.start();
      long openStarted = System.nanoTime();
      SqliteGraphStore store = store(file);
      long openNanos = System.nanoTime() - openStarted;
      try {
        CountingRemote counting = new CountingRemote(remote.graph());
        InitialSync initial = sync(store, counting, config).initialSync();
        long requestsBefore = db.requests();
        InitialSyncResult result = initial.run();
        long requests = db.requests() - requestsBefore;
        heap.stopSampling();
        System.out.printf(
            Locale.ROOT,
            "%nInitial sync of an existing graph: %,d rows in memory_graph (%,d replicated rows)%n"
                + "  opening the database in place (adopting the rows): %.1f s%n"
                + "  upload then download: %,d rows up, %,d rows down, in %.1f s (%.0f rows/s up"
                + " and down)%n"
                + "  D1 requests: %,d in all: %,d push calls (%.0f rows per push), %,d pull pages,"
                + " %,d other%n"
                + "  peak heap used during open + initial sync: %.0f MB of %d MB max%n",
            store.associations().statistics().rows(),
            store.replica().rowCount(),
            openNanos / 1e9,
            result.uploaded(),
            result.downloaded(),
            result.elapsed().toMillis() / 1e3,
            (result.uploaded() + result.downloaded())
                / Math.max(result.elapsed().toMillis() / 1e3, 1e-3),
            requests,
            counting.pushes.get(),
            counting.pushes.get() == 0 ? 0.0 : (double) result.uploaded() / counting.pushes.get(),
            counting.pulls.get(),
            requests - counting.pushes.get() - counting.pulls.get(),
            heap.peakBytes() / 1e6,
            Runtime.getRuntime().maxMemory() / (1024 * 1024));

        DriftDetector drift = sync(store, remote.graph(), config).drift();
        long requestsBeforeDrift = db.requests();
        DriftReport inSync = drift.check(true);
        System.out.printf(
            Locale.ROOT,
            "%nDrift check, in sync: %.2f s, %d buckets compared, %d differ, %d rows moved"
                + " (%.3f%% of %,d), %d requests%n",
            inSync.elapsed().toMillis() / 1e3,
            inSync.bucketsCompared(),
            inSync.bucketsDiffering(),
            inSync.rowsMoved(),
            100.0 * inSync.rowsMoved() / store.replica().rowCount(),
            store.replica().rowCount(),
            db.requests() - requestsBeforeDrift);

        RowKey victim = store.replica().rows(java.util.Optional.empty(), 1).get(0).key();
        db.execute(
            "UPDATE memory_graph SET similarity = 0.001, metadata = '{\"edited\":true}'"
                + " WHERE source_hash = ? AND target_hash = ?",
            victim.source().value(),
            victim.target().value());
        long requestsBeforeRepair = db.requests();
        DriftReport repaired = drift.check(true);
        System.out.printf(
            Locale.ROOT,
            "Drift check, one row edited in D1 behind the app's back: %.2f s, %d buckets differ,"
                + " %d rows read, %d pushed, %d merged, %d rows moved (%.3f%%), %d requests%n",
            repaired.elapsed().toMillis() / 1e3,
            repaired.bucketsDiffering(),
            repaired.rowsRead(),
            repaired.pushed(),
            repaired.merged(),
            repaired.rowsMoved(),
            100.0 * repaired.rowsMoved() / store.replica().rowCount(),
            db.requests() - requestsBeforeRepair);
        DriftReport after = drift.check(false);
        System.out.printf(
            Locale.ROOT, "Drift check after repair: %d buckets differ%n", after.bucketsDiffering());
      } finally {
        store.close();
      }
    }
  }

  /**
   * The initial sync of the same existing graph of {@code rows} rows with each page size
   * (HYBRID_GRAPH_SYNC_BATCH_SIZE, used here for the download pages too), each into an empty D1:
   * time, requests and the peak heap of the sync (opening the file is not measured).
   */
  private static void batchSizeSweep(Path dir, int rows, long seed, List<Integer> sizes)
      throws Exception {
    Path seeded = dir.resolve("sweep-seed.db");
    seedLegacyDatabase(seeded, rows, seed);
    System.out.printf(
        Locale.ROOT,
        "%nInitial sync by page size (HYBRID_GRAPH_SYNC_BATCH_SIZE, rows per page up and down),"
            + " %,d rows each into an empty D1:%n"
            + "  %9s %10s %10s %11s %11s %13s %15s %15s %22s%n",
        rows,
        "page size",
        "push calls",
        "pull pages",
        "D1 requests",
        "elapsed s",
        "rows/s moved",
        "ms per request",
        "peak heap MB",
        "est. s at 100 ms RTT");
    try (LocalD1Database db = LocalD1Server.get().lease()) {
      for (int size : sizes) {
        db.reset();
        D1Remote remote = D1Remote.create(db.config().build());
        remote.migrateSchema();
        Path file = dir.resolve("sweep-" + size + ".db");
        Files.copy(seeded, file);
        SyncConfig defaults = SyncConfig.defaults(true);
        SyncConfig config = defaults.withBatchSizes(defaults.pushBatchSize(), size, size);
        try (SqliteGraphStore store = store(file)) {
          CountingRemote counting = new CountingRemote(remote.graph());
          InitialSync initial = sync(store, counting, config).initialSync();
          System.gc();
          HeapSampler heap = new HeapSampler();
          heap.start();
          long requestsBefore = db.requests();
          InitialSyncResult result = initial.run();
          long requests = db.requests() - requestsBefore;
          heap.stopSampling();
          double seconds = result.elapsed().toMillis() / 1e3;
          if (result.uploaded() != store.replica().rowCount()) {
            throw new IllegalStateException(
                "uploaded " + result.uploaded() + " of " + store.replica().rowCount() + " rows");
          }
          System.out.printf(
              Locale.ROOT,
              "  %,9d %,10d %,10d %,11d %11.2f %,13.0f %15.1f %15.0f %22.1f%n",
              size,
              counting.pushes.get(),
              counting.pulls.get(),
              requests,
              seconds,
              (result.uploaded() + result.downloaded()) / Math.max(seconds, 1e-3),
              result.elapsed().toMillis() / (double) Math.max(requests, 1),
              heap.peakBytes() / 1e6,
              // Cloudflare's D1 is a network round trip away; the local engine is not.
              seconds + requests * 0.1);
        }
        Files.delete(file);
      }
    }
  }

  /** Writes rows straight into a memory_graph table, as the Python memory service does. */
  private static void seedLegacyDatabase(Path file, int rows, long seed) throws Exception {
    Random random = new Random(seed);
    int memories = Math.max(rows / 2, 10);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE memory_graph (source_hash TEXT NOT NULL, target_hash TEXT NOT NULL,"
              + " similarity REAL NOT NULL, connection_types TEXT NOT NULL, metadata TEXT,"
              + " created_at REAL NOT NULL, relationship_type TEXT DEFAULT 'related',"
              + " PRIMARY KEY (source_hash, target_hash))");
      c.setAutoCommit(false);
      int written = 0;
      try (PreparedStatement ps =
          c.prepareStatement("INSERT OR IGNORE INTO memory_graph VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        for (int i = 0; written < rows; i++) {
          Association a = association(random, i, memories);
          written += insert(ps, a.source().value(), a.target().value(), a);
          if (a.isSymmetric() && written < rows) {
            written += insert(ps, a.target().value(), a.source().value(), a);
          }
        }
        ps.executeBatch();
      }
      c.commit();
    }
  }

  private static int insert(PreparedStatement ps, String source, String target, Association a)
      throws Exception {
    ps.setString(1, source);
    ps.setString(2, target);
    ps.setDouble(3, a.similarity().value());
    ps.setString(4, "[\"semantic\", \"temporal\"]");
    ps.setString(5, a.metadata().toJson());
    ps.setDouble(6, a.createdAt());
    ps.setString(7, a.type().wireName());
    ps.addBatch();
    return 1;
  }

  /** Counts the calls an initial sync makes to the remote. */
  private static final class CountingRemote extends ForwardingRemoteGraph {
    private final AtomicLong pushes = new AtomicLong();
    private final AtomicLong pulls = new AtomicLong();

    CountingRemote(RemoteGraph target) {
      super(target);
    }

    @Override
    public PushResult push(PushBatch batch) {
      pushes.incrementAndGet();
      return super.push(batch);
    }

    @Override
    public ChangePage pull(long cursor, int limit) {
      pulls.incrementAndGet();
      return super.pull(cursor, limit);
    }
  }

  /** Samples heap use of the whole JVM every 10 ms and keeps the peak. */
  private static final class HeapSampler extends Thread {
    private final AtomicLong peak = new AtomicLong();
    private volatile boolean running = true;

    HeapSampler() {
      super("heap-sampler");
      setDaemon(true);
    }

    @Override
    public void run() {
      while (running) {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
          if (pool.getType() == MemoryType.HEAP) {
            used += pool.getUsage().getUsed();
          }
        }
        peak.accumulateAndGet(used, Math::max);
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    void stopSampling() {
      running = false;
    }

    long peakBytes() {
      return peak.get();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
