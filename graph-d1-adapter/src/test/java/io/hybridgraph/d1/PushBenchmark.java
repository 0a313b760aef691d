package io.hybridgraph.d1;

import io.hybridgraph.d1.BatchPacker.RequestPlan;
import io.hybridgraph.d1.BatchPacker.StatementPlan;
import io.hybridgraph.d1.testing.LocalD1Database;
import io.hybridgraph.d1.testing.LocalD1Server;
import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.ConnectionTypes;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.Similarity;
import io.hybridgraph.domain.port.out.RemoteGraph;
import io.hybridgraph.domain.port.out.RemoteGraph.PushBatch;
import io.hybridgraph.domain.port.out.RemoteGraphException;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.domain.version.Hlc;
import io.hybridgraph.domain.version.Version;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Pushes 100,000 generated associations to the local D1 through the adapter and compares with the
 * raw engine. Run it with the command in {@code docs/benchmarks.md}:
 *
 * <pre>mvn -q -pl graph-d1-adapter -am test -Pbench-push -DskipTests</pre>
 *
 * <p>Five runs on a freshly wiped database each, after a warm-up:
 *
 * <ol>
 *   <li><b>adapter</b>: {@code RemoteGraph.push} with the default configuration (5,000 rows and 4
 *       MB per request, a device's share of 300 requests per 5 minutes), one batch per request:
 *       merge rule in SQL, sequences from the counter with per-row offsets, device progress; then
 *       every row again with a later clock, to measure what an update writes;
 *   <li><b>adapter 1k</b>: the same with {@code maxRowsPerRequest} 1,000;
 *   <li><b>trigger seq</b>: the same upserts and packing, but each row's sequence assigned by a
 *       trigger (two extra updates per row), to measure what the offset design saves;
 *   <li><b>raw engine</b>: the same rows as plain multi-row INSERTs (all 11 columns bound, 9 rows
 *       per statement) into the same table and indexes, in the largest batch the local D1 accepts;
 *   <li><b>raw 1k</b>: the same plain INSERTs, 1,000 rows per request, to separate the cost of the
 *       adapter's SQL from the cost of committing one transaction per request.
 * </ol>
 *
 * <p>System properties: {@code bench.rows} (default 100000), {@code bench.seed} (default 7).
 */
public final class PushBenchmark {

  private static final int ROWS = Integer.getInteger("bench.rows", 100_000);
  private static final long SEED = Long.getLong("bench.seed", 7L);
  private static final DeviceId DEVICE = new DeviceId("bench-device");

  private PushBenchmark() {}

  /** One measured run. */
  record Run(
      String name,
      int rows,
      long requests,
      long nanos,
      long rowsWritten,
      long updateRowsWritten,
      String note) {
    double seconds() {
      return nanos / 1e9;
    }

    double rowsPerSecond() {
      return rows / seconds();
    }

    double rowsPerRequest() {
      return rows / (double) requests;
    }

    double writtenPerRow() {
      return rowsWritten / (double) rows;
    }
  }

  public static void main(String[] args) {
    List<ReplicatedRow> rows = generate(ROWS, SEED);
    LocalD1Server server = LocalD1Server.get();
    try (LocalD1Database db = server.lease()) {
      System.out.printf(
          Locale.ROOT,
          "D1 push benchmark: %,d rows (%s), local D1 at %s, %d CPUs, Java %s%n",
          rows.size(),
          describe(rows),
          db.url(),
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"));
      adapter(db, generate(10_000, SEED + 1), D1Config.DEFAULT_MAX_ROWS_PER_REQUEST); // warm-up
      trigger(db, generate(10_000, SEED + 1));
      Run adapter = adapter(db, rows, D1Config.DEFAULT_MAX_ROWS_PER_REQUEST);
      System.out.printf(
          Locale.ROOT,
          "adapter rows_written per pushed row: %.2f for a new row, %.2f for an update of every"
              + " row (remote schema %d; requests add the counter and the device's progress)%n",
          adapter.writtenPerRow(),
          adapter.updateRowsWritten() / (double) adapter.rows(),
          D1Remote.create(benchConfig(db)).schema().latestVersion());
      Run smaller = adapter(db, rows, 1_000);
      Run trigger = trigger(db, rows);
      Run raw = raw(db, rows, rows.size());
      Run rawSmall = raw(db, rows, 1_000);
      System.out.println();
      System.out.printf(
          Locale.ROOT,
          "%-14s %9s %9s %12s %10s %10s %13s %8s  %s%n",
          "run",
          "rows",
          "requests",
          "rows/request",
          "elapsed s",
          "rows/s",
          "rows_written",
          "per row",
          "note");
      for (Run run : List.of(adapter, smaller, trigger, raw, rawSmall)) {
        System.out.printf(
            Locale.ROOT,
            "%-14s %,9d %,9d %,12.1f %10.2f %,10.0f %,13d %8.2f  %s%n",
            run.name(),
            run.rows(),
            run.requests(),
            run.rowsPerRequest(),
            run.seconds(),
            run.rowsPerSecond(),
            run.rowsWritten(),
            run.writtenPerRow(),
            run.note());
      }
      System.out.printf(
          Locale.ROOT,
          "%nadapter throughput = %.0f%% of the raw engine (goal >= 50%%), %.0f%% with 1,000 rows"
              + " per request; rows/request = %.0f (goal >= 500); per-row trigger sequences take"
              + " %.2fx the time and %.2fx the rows written of counter offsets; at 1,000 rows per"
              + " request the adapter takes %.2fx the raw engine's time%n",
          100 * adapter.rowsPerSecond() / raw.rowsPerSecond(),
          100 * smaller.rowsPerSecond() / raw.rowsPerSecond(),
          adapter.rowsPerRequest(),
          trigger.seconds() / adapter.seconds(),
          trigger.rowsWritten() / (double) adapter.rowsWritten(),
          smaller.seconds() / rawSmall.seconds());
    }
  }

  /** The adapter as sync uses it: one push of maxRowsPerRequest rows per request. */
  static Run adapter(LocalD1Database db, List<ReplicatedRow> rows, int maxRowsPerRequest) {
    db.reset();
    D1Remote remote =
        D1Remote.create(benchConfig(db).toBuilder().maxRowsPerRequest(maxRowsPerRequest).build());
    remote.schema().migrate();
    MeteringDatabase metering = new MeteringDatabase(remote.database());
    RemoteGraph graph = RecordingDatabase.graphOver(remote, metering);
    int batchRows = remote.config().maxRowsPerRequest();
    long requestsBefore = db.requests();
    long start = System.nanoTime();
    long sequence = 0;
    for (int from = 0; from < rows.size(); from += batchRows) {
      List<ReplicatedRow> batch = rows.subList(from, Math.min(rows.size(), from + batchRows));
      graph.push(new PushBatch(DEVICE, ++sequence, batch));
    }
    long nanos = System.nanoTime() - start;
    long requests = db.requests() - requestsBefore;
    long written = metering.rowsWritten();
    requireRows(remote.database(), rows.size());
    if (graph.headSequence() != rows.size()) {
      throw new IllegalStateException(
          "head sequence " + graph.headSequence() + " != " + rows.size());
    }
    boolean standard = maxRowsPerRequest == D1Config.DEFAULT_MAX_ROWS_PER_REQUEST;
    long updateWritten = 0;
    if (standard) {
      List<ReplicatedRow> newer = newerVersions(rows);
      for (int from = 0; from < newer.size(); from += batchRows) {
        List<ReplicatedRow> batch = newer.subList(from, Math.min(newer.size(), from + batchRows));
        graph.push(new PushBatch(DEVICE, ++sequence, batch));
      }
      updateWritten = metering.rowsWritten() - written;
    }
    return new Run(
        standard ? "adapter" : "adapter " + maxRowsPerRequest / 1000 + "k",
        rows.size(),
        requests,
        nanos,
        written,
        updateWritten,
        (standard ? "default config" : "maxRowsPerRequest " + maxRowsPerRequest)
            + "; requests include the one size check before the first push");
  }

  /** The same upserts and packing, with sequences assigned by a trigger per row instead. */
  static Run trigger(LocalD1Database db, List<ReplicatedRow> rows) {
    db.reset();
    D1Remote remote = D1Remote.create(benchConfig(db));
    remote.schema().migrate();
    D1Database d1 = remote.database();
    d1.batch(
        List.of(
            D1Statement.of("DROP INDEX idx_memory_graph_change_seq"),
            D1Statement.of("CREATE INDEX idx_memory_graph_change_seq ON memory_graph(change_seq)"),
            D1Statement.of(
                "CREATE TRIGGER seq_on_insert AFTER INSERT ON memory_graph BEGIN"
                    + " UPDATE sync_counter SET value = value + 1 WHERE name = 'change_seq';"
                    + " UPDATE memory_graph SET change_seq ="
                    + " (SELECT value FROM sync_counter WHERE name = 'change_seq')"
                    + " WHERE source_hash = NEW.source_hash AND target_hash = NEW.target_hash;"
                    + " END"),
            D1Statement.of(
                "CREATE TRIGGER seq_on_update AFTER UPDATE OF hlc ON memory_graph BEGIN"
                    + " UPDATE sync_counter SET value = value + 1 WHERE name = 'change_seq';"
                    + " UPDATE memory_graph SET change_seq ="
                    + " (SELECT value FROM sync_counter WHERE name = 'change_seq')"
                    + " WHERE source_hash = NEW.source_hash AND target_hash = NEW.target_hash;"
                    + " END")));
    RowCodec codec = new RowCodec(D1Remote.objectMapper());
    BatchPacker packer = BatchPacker.forConfig(remote.config());
    int batchRows = remote.config().maxRowsPerRequest();
    long requestsBefore = db.requests();
    long written = 0;
    long start = System.nanoTime();
    long sequence = 0;
    for (int from = 0; from < rows.size(); from += batchRows) {
      List<EncodedRow> encoded = new ArrayList<>(batchRows);
      for (ReplicatedRow row : rows.subList(from, Math.min(rows.size(), from + batchRows))) {
        encoded.add(codec.encode(row));
      }
      for (RequestPlan plan : packer.pack(encoded)) {
        List<D1Statement> statements = new ArrayList<>();
        for (StatementPlan s : plan.statements()) {
          D1Statement upsert = GraphSql.upsert(encoded, s.from(), s.to(), 1);
          String sql =
              upsert
                  .sql()
                  .replaceAll(
                      "\\(SELECT value FROM sync_counter WHERE name = 'change_seq'\\)\\+\\d+", "0")
                  .replace(" change_seq = excluded.change_seq", "")
                  .replace("deleted = excluded.deleted,", "deleted = excluded.deleted");
          statements.add(new D1Statement(sql, upsert.params()));
        }
        statements.add(GraphSql.recordProgress(DEVICE.value(), ++sequence));
        for (D1Result result : d1.batch(statements)) {
          written += result.meta().rowsWritten();
        }
      }
    }
    long nanos = System.nanoTime() - start;
    long requests = db.requests() - requestsBefore;
    requireRows(d1, rows.size());
    return new Run(
        "trigger seq",
        rows.size(),
        requests,
        nanos,
        written,
        0,
        "same upserts and packing, sequence set by a trigger per row");
  }

  /** Plain multi-row INSERTs in the largest batch the local D1 accepts. */
  static Run raw(LocalD1Database db, List<ReplicatedRow> rows, int firstBatch) {
    RowCodec codec = new RowCodec(D1Remote.objectMapper());
    List<EncodedRow> encoded = rows.stream().map(codec::encode).toList();
    int batch = firstBatch;
    while (true) {
      db.reset();
      D1Remote remote = D1Remote.create(benchConfig(db));
      remote.schema().migrate();
      D1Database d1 = remote.database();
      long requestsBefore = db.requests();
      long start = System.nanoTime();
      long written = 0;
      try {
        for (int from = 0; from < encoded.size(); from += batch) {
          for (D1Result result :
              d1.batch(plainInserts(encoded, from, Math.min(encoded.size(), from + batch)))) {
            written += result.meta().rowsWritten();
          }
        }
      } catch (RemoteGraphException | IllegalStateException e) {
        System.out.printf(
            Locale.ROOT,
            "raw engine refused %,d rows per request (%s); halving%n",
            batch,
            e.getMessage());
        batch = batch / 2;
        if (batch < 1_000) {
          throw e;
        }
        continue;
      }
      long nanos = System.nanoTime() - start;
      long requests = db.requests() - requestsBefore;
      requireRows(d1, rows.size());
      boolean largest = firstBatch == rows.size();
      return new Run(
          largest ? "raw engine" : "raw " + batch / 1000 + "k",
          rows.size(),
          requests,
          nanos,
          written,
          0,
          String.format(
              Locale.ROOT,
              "plain INSERT, %,d rows per request%s",
              batch,
              largest ? " (largest accepted)" : ""));
    }
  }

  private static List<D1Statement> plainInserts(List<EncodedRow> rows, int from, int to) {
    int perStatement = D1Limits.MAX_BOUND_PARAMETERS / 11;
    String tuple = "(?,?,?,?,?,?,?,?,?,?,?)";
    List<D1Statement> statements = new ArrayList<>();
    for (int i = from; i < to; i += perStatement) {
      int end = Math.min(to, i + perStatement);
      StringBuilder sql =
          new StringBuilder("INSERT INTO memory_graph (" + GraphSql.COLUMNS + ") VALUES ");
      List<Object> params = new ArrayList<>((end - i) * 11);
      for (int j = i; j < end; j++) {
        if (j > i) {
          sql.append(',');
        }
        sql.append(tuple);
        EncodedRow r = rows.get(j);
        params.addAll(
            Arrays.asList(
                r.source(),
                r.target(),
                r.similarity(),
                r.connectionTypes(),
                r.metadata(),
                r.createdAt(),
                r.relationshipType(),
                r.causalLength(),
                r.hlc(),
                r.deleted() ? 1 : 0,
                (long) j + 1));
      }
      statements.add(new D1Statement(sql.toString(), params));
    }
    return statements;
  }

  /** The same rows with a later clock each: pushing them updates every row. */
  static List<ReplicatedRow> newerVersions(List<ReplicatedRow> rows) {
    List<ReplicatedRow> out = new ArrayList<>(rows.size());
    for (ReplicatedRow row : rows) {
      Hlc clock = row.version().clock();
      out.add(
          ReplicatedRow.present(
              row.value().orElseThrow(),
              new Version(1, new Hlc(clock.wallMillis() + 1_000_000_000L, 0, clock.device()))));
    }
    return out;
  }

  private static D1Config benchConfig(LocalD1Database db) {
    return db.config()
        .rateLimit(D1Config.DEFAULT_RATE_LIMIT_REQUESTS, D1Config.DEFAULT_RATE_LIMIT_WINDOW)
        .readTimeout(Duration.ofMinutes(10))
        .build();
  }

  private static void requireRows(D1Database d1, int expected) {
    Object n =
        d1.query(D1Statement.of("SELECT count(*) AS n FROM memory_graph")).rows().get(0).get("n");
    if (((Number) n).intValue() != expected) {
      throw new IllegalStateException("memory_graph holds " + n + " rows, expected " + expected);
    }
  }

  /**
   * Half the rows are symmetric relationships (both halves, one version), half directed; content
   * hashes of 64 hex digits, two connection types, small metadata, as the Python service stores.
   */
  static List<ReplicatedRow> generate(int count, long seed) {
    Random random = new Random(seed);
    List<ReplicatedRow> rows = new ArrayList<>(count);
    long wall = 1_750_000_000_000L;
    RelationshipType[] directed = {
      RelationshipType.CAUSES,
      RelationshipType.FIXES,
      RelationshipType.SUPPORTS,
      RelationshipType.FOLLOWS
    };
    while (rows.size() < count) {
      MemoryHash a = MemoryHash.of(hash(random));
      MemoryHash b = MemoryHash.of(hash(random));
      boolean symmetric = rows.size() < count / 2 && rows.size() + 2 <= count;
      RelationshipType type =
          symmetric
              ? (random.nextInt(4) == 0 ? RelationshipType.CONTRADICTS : RelationshipType.RELATED)
              : directed[random.nextInt(directed.length)];
      Association association =
          new Association(
              a,
              b,
              type,
              Similarity.of(Math.round(random.nextDouble() * 1e6) / 1e6),
              ConnectionTypes.of("semantic", random.nextBoolean() ? "temporal" : "causal"),
              Metadata.of(Map.of("source", "benchmark", "score", random.nextInt(1000))),
              (wall / 1000.0) + random.nextInt(1_000_000));
      Version version = new Version(1, new Hlc(wall++, 0, DEVICE));
      rows.add(ReplicatedRow.present(association, version));
      if (symmetric) {
        rows.add(ReplicatedRow.present(association.mirrored(), version));
      }
    }
    return rows;
  }

  private static String hash(Random random) {
    StringBuilder out = new StringBuilder(64);
    for (int i = 0; i < 4; i++) {
      out.append(String.format("%016x", random.nextLong()));
    }
    return out.toString();
  }

  private static String describe(List<ReplicatedRow> rows) {
    RowCodec codec = new RowCodec(D1Remote.objectMapper());
    long bytes = 0;
    for (ReplicatedRow row : rows) {
      bytes += codec.encode(row).paramsJsonBytes();
    }
    return String.format(Locale.ROOT, "about %d bytes of values per row", bytes / rows.size());
  }
}
