package io.hybridgraph.d1;

import io.hybridgraph.d1.BatchPacker.RequestPlan;
import io.hybridgraph.d1.BatchPacker.StatementPlan;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.out.RemoteGraph;
import io.hybridgraph.domain.port.out.RemoteGraphException;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.replica.RowDigest;
import io.hybridgraph.domain.version.DeviceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@link RemoteGraph} on Cloudflare D1.
 *
 * <p>A push is normally one request, hence one transaction: its upserts (merge rule in SQL), the
 * change-counter bump and, last, the device's progress. A batch larger than one request's budget is
 * sent as several requests in order, the progress only in the last; a re-send after a failure
 * between them re-applies the earlier parts as no-ops, because equal versions never replace each
 * other. The recorded progress is informational: a batch whose sequence the device already recorded
 * is still applied (its rows merge as no-ops if they are the same) and reported as {@code
 * alreadyApplied}, so a copied database that reuses a device's id and sequences never loses rows.
 *
 * <p>Reads page the table with plain {@code ORDER BY ... LIMIT} queries ({@link PageReader}), which
 * D1 bills as the rows returned and at most one more. Rows that cannot be read as domain rows (only
 * possible for legacy rows of the Python service that broke its own rules, such as a self-loop or
 * an unknown relationship type) are skipped by pulls and scans with a warning naming the row; the
 * cursor still moves past them. Thread-safe.
 */
final class D1RemoteGraph implements RemoteGraph {

  /** Most rows one pull or scan page may ask for. */
  static final int MAX_PAGE_ROWS = 10_000;

  /** Sequences one {@link #pullExcept} request reads at most. */
  static final long EXCEPT_SPAN = 50_000;

  private final D1Database client;
  private final RowCodec codec;
  private final BatchPacker packer;
  private final CapacityMonitor capacity;
  private final PageReader pages;
  private final long exceptSpan;

  D1RemoteGraph(D1Database client, RowCodec codec, BatchPacker packer, CapacityMonitor capacity) {
    this(client, codec, packer, capacity, EXCEPT_SPAN);
  }

  /** With another span for {@link #pullExcept} (tests). */
  D1RemoteGraph(
      D1Database client,
      RowCodec codec,
      BatchPacker packer,
      CapacityMonitor capacity,
      long exceptSpan) {
    if (exceptSpan < 1) {
      throw new IllegalArgumentException("exceptSpan must be positive, was " + exceptSpan);
    }
    this.client = client;
    this.codec = codec;
    this.packer = packer;
    this.capacity = capacity;
    this.pages = new PageReader(client, codec);
    this.exceptSpan = exceptSpan;
  }

  @Override
  public PushResult push(PushBatch batch) {
    Objects.requireNonNull(batch, "batch");
    capacity.checkPushAllowed();
    List<EncodedRow> rows = new ArrayList<>(batch.rows().size());
    for (ReplicatedRow row : batch.rows()) {
      rows.add(codec.encode(row));
    }
    List<RequestPlan> plans = packer.pack(rows);
    int accepted = 0;
    long sizeAfter = -1;
    boolean alreadyApplied = false;
    if (plans.isEmpty()) {
      plans = List.of(new RequestPlan(0, 0, List.of(), 0));
    }
    for (int r = 0; r < plans.size(); r++) {
      RequestPlan plan = plans.get(r);
      boolean last = r == plans.size() - 1;
      List<D1Statement> statements = new ArrayList<>(plan.statements().size() + 2);
      for (StatementPlan statement : plan.statements()) {
        statements.add(
            GraphSql.upsert(
                rows, statement.from(), statement.to(), statement.from() - plan.from() + 1));
      }
      if (plan.rows() > 0) {
        statements.add(GraphSql.bumpCounter(plan.rows()));
      }
      if (last) {
        statements.add(GraphSql.readProgress(batch.device().value()));
        statements.add(GraphSql.recordProgress(batch.device().value(), batch.sequence()));
      }
      List<D1Result> results;
      try {
        results = client.batch(statements);
      } catch (RejectedRemoteException e) {
        throw withSchemaHint(e);
      }
      if (last) {
        List<Map<String, Object>> progress = results.get(results.size() - 2).rows();
        Object recorded = progress.isEmpty() ? null : progress.get(0).get("last_batch_sequence");
        alreadyApplied = recorded instanceof Number n && n.longValue() >= batch.sequence();
      }
      for (int s = 0; s < plan.statements().size(); s++) {
        accepted += (int) results.get(s).meta().changes();
      }
      for (D1Result result : results) {
        OptionalLong size = result.meta().sizeAfter();
        if (size.isPresent()) {
          sizeAfter = Math.max(sizeAfter, size.getAsLong());
        }
      }
    }
    return new PushResult(
        accepted, sizeAfter >= 0 ? sizeAfter : capacity.knownOrFreshSize(), alreadyApplied);
  }

  @Override
  public ChangePage pull(long cursor, int limit) {
    requireCursor(cursor);
    requirePageSize(limit);
    return pages.pull(cursor, limit);
  }

  /**
   * Leaves {@code writer}'s rows out in D1 itself: each request reads the feed over at most {@code
   * exceptSpan} sequences (D1 bills the rows it passes, left out or not), so a device's initial
   * download spends one request per {@code exceptSpan} of its own rows instead of one per page, and
   * transfers none of them.
   */
  @Override
  public ChangePage pullExcept(long cursor, int limit, DeviceId writer) {
    requireCursor(cursor);
    requirePageSize(limit);
    Objects.requireNonNull(writer, "writer");
    return pages.pullExcept(cursor, limit, writer, exceptSpan);
  }

  /**
   * A keyset page of every row D1 holds (tombstones included) ordered by key, after {@code after}
   * if given. Not part of the port (devices never read the whole table); tests read D1's state with
   * it. A page is full unless the table ends.
   */
  List<ReplicatedRow> scan(Optional<RowKey> after, int limit) {
    Objects.requireNonNull(after, "after");
    requirePageSize(limit);
    return pages.scan(after, limit);
  }

  /** The database's size as D1's info endpoint reports it (one request); the capacity monitor's. */
  long sizeBytes() {
    return client
        .info()
        .fileSize()
        .orElseThrow(
            () ->
                new RetryableRemoteException(
                    "D1 database info did not report file_size", 200, 0, null, null, null));
  }

  /**
   * The largest change sequence in the table (0 when empty). Any change accepted later gets a
   * larger one, so this is a safe cursor to start pulling from after reading every row.
   */
  @Override
  public long headSequence() {
    List<Map<String, Object>> rows = read(GraphSql.head());
    Object head = rows.isEmpty() ? null : rows.get(0).get("head");
    if (!(head instanceof Number number)) {
      throw new RetryableRemoteException(
          "D1 answered the head-sequence query without a number", 200, 0, null, null, null);
    }
    return number.longValue();
  }

  @Override
  public Map<Integer, RowDigest.BucketDigest> bucketDigests() {
    List<Map<String, Object>> rows =
        read(
            D1Statement.of(
                "SELECT "
                    + RowDigest.BUCKET_SQL
                    + " AS bucket, count(*) AS row_count, sum("
                    + RowDigest.CHECKSUM_SQL
                    + ") AS checksum FROM memory_graph GROUP BY bucket"));
    Map<Integer, RowDigest.BucketDigest> digests = new java.util.HashMap<>();
    for (Map<String, Object> row : rows) {
      digests.put(
          ((Number) row.get("bucket")).intValue(),
          new RowDigest.BucketDigest(
              ((Number) row.get("row_count")).longValue(),
              ((Number) row.get("checksum")).longValue()));
    }
    return digests;
  }

  @Override
  public List<ReplicatedRow> bucketRows(int bucket) {
    if (bucket < 0 || bucket >= RowDigest.BUCKETS) {
      throw new IllegalArgumentException(
          "bucket must be within [0, " + (RowDigest.BUCKETS - 1) + "], was " + bucket);
    }
    List<ReplicatedRow> out = new ArrayList<>();
    for (Map<String, Object> columns : read(GraphSql.bucketRows(bucket))) {
      RowCodec.Decoded decoded = codec.decode(columns);
      decoded.row().ifPresentOrElse(out::add, () -> PageReader.warnSkipped(decoded));
    }
    return out;
  }

  private List<Map<String, Object>> read(D1Statement statement) {
    try {
      return client.query(statement).rows();
    } catch (RejectedRemoteException e) {
      throw withSchemaHint(e);
    }
  }

  private static void requireCursor(long cursor) {
    if (cursor < 0) {
      throw new IllegalArgumentException("cursor must not be negative, was " + cursor);
    }
  }

  private static void requirePageSize(int limit) {
    if (limit < 1 || limit > MAX_PAGE_ROWS) {
      throw new IllegalArgumentException(
          "page size must be within [1, " + MAX_PAGE_ROWS + "], was " + limit);
    }
  }

  /** Names the likely cause when D1 says the schema is missing. */
  static RemoteGraphException withSchemaHint(RejectedRemoteException e) {
    String remote = e.remoteMessage().orElse("");
    if (remote.contains("no such table") || remote.contains("no such column")) {
      return new RejectedRemoteException(
          e.getMessage() + "; the remote schema is missing or outdated: run schema().migrate()",
          e.httpStatus().orElse(0),
          Failures.codeOf(e),
          remote,
          e);
    }
    return e;
  }
}
