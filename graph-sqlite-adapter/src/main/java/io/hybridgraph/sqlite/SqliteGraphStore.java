package io.hybridgraph.sqlite;

import io.hybridgraph.domain.graph.AdjacencyIndex;
import io.hybridgraph.domain.graph.GraphSnapshot;
import io.hybridgraph.domain.graph.GraphStatistics;
import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.Direction;
import io.hybridgraph.domain.model.EdgeOrientation;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.PairKey;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.out.AssociationStore;
import io.hybridgraph.domain.port.out.ChangeOutbox;
import io.hybridgraph.domain.port.out.GraphIndex;
import io.hybridgraph.domain.port.out.ReplicaStore;
import io.hybridgraph.domain.port.out.SyncStateStore;
import io.hybridgraph.domain.replica.PairState;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.replica.RowDigest;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.domain.version.Hlc;
import io.hybridgraph.domain.version.HybridClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The local graph store on one SQLite file.
 *
 * <p>{@code memory_graph} keeps exactly the Python memory service's shape and shows the visible
 * associations; {@code graph_sync_replica} holds the replicated state behind it (versions and
 * tombstones); every local write changes both and enqueues the changed rows in {@code
 * graph_sync_outbox} in one transaction. Rows that other programs write straight into {@code
 * memory_graph} are captured by triggers and adopted into the replicated state before the next
 * operation. Rows merged from the cloud change the view without being enqueued.
 *
 * <p>Traversals run on an in-memory adjacency index kept in step with {@code memory_graph}.
 * Thread-safe: writes are serialised on the one connection, traversals share a read lock.
 */
public final class SqliteGraphStore
    implements AssociationStore,
        GraphIndex,
        ReplicaStore,
        ChangeOutbox,
        SyncStateStore,
        AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SqliteGraphStore.class);

  private static final String DEVICE_ID = "device_id";
  private static final String LEGACY_IMPORT = "legacy_import_rows";
  private static final DeviceId LEGACY_DEVICE = new DeviceId("legacy");
  private static final int IMPORT_PAGE = 1_000;
  private static final long VIEW_LOG_RETENTION_MILLIS = 3_600_000;

  private final Path file;
  private final Clock wall;
  private final Connection connection;
  private final ReentrantLock db = new ReentrantLock();
  private final ReentrantReadWriteLock indexLock = new ReentrantReadWriteLock();
  private final AdjacencyIndex index = new AdjacencyIndex();
  private final HybridClock clock;
  private final Statements sql;
  private long dataVersion;
  private long lastViewSeq;
  private int viewLogWrites;
  private boolean closed;

  private SqliteGraphStore(Path file, Clock wall, Connection connection, DeviceId device)
      throws SQLException {
    this.file = file;
    this.wall = wall;
    this.connection = connection;
    this.sql = new Statements(connection);
    this.clock = new HybridClock(wall, device, lastClock(device));
  }

  /**
   * What the file holds and what opening it would change, read without changing it: a missing file
   * is not created, nothing is migrated. Fails when the file is not an SQLite database.
   */
  public static DatabaseInspection inspect(Path databaseFile) {
    return SchemaMigrator.inspect(databaseFile.toAbsolutePath());
  }

  /** Opens (creating or upgrading in place) the store at {@code config.databaseFile()}. */
  public static SqliteGraphStore open(SqliteStoreConfig config) {
    return open(config, Clock.systemUTC());
  }

  /** Opens the store with an explicit wall clock for hybrid timestamps and queue ages. */
  public static SqliteGraphStore open(SqliteStoreConfig config, Clock wall) {
    Path file = config.databaseFile().toAbsolutePath();
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot create the directory for " + file + ": " + e.getMessage(), e);
    }
    SQLiteConfig sqlite = new SQLiteConfig();
    sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
    sqlite.setSynchronous(
        config.durability() == SqliteStoreConfig.Durability.FULL
            ? SQLiteConfig.SynchronousMode.FULL
            : SQLiteConfig.SynchronousMode.NORMAL);
    sqlite.setBusyTimeout((int) config.busyTimeout().toMillis());
    String url = "jdbc:sqlite:" + file;
    SQLiteDataSource dataSource = new SQLiteDataSource(sqlite);
    dataSource.setUrl(url);
    SchemaMigrator.migrate(dataSource);
    Connection connection = null;
    try {
      connection = DriverManager.getConnection(url, sqlite.toProperties());
      DeviceId device = deviceId(connection, config.deviceId());
      SqliteGraphStore store = new SqliteGraphStore(file, wall, connection, device);
      store.start();
      log.info(
          "Opened graph store {} as device {} ({} rows, {} waiting to sync)",
          file,
          device,
          store.index.rowCount(),
          store.depth());
      return store;
    } catch (SQLException e) {
      closeQuietly(connection);
      throw new IllegalStateException("cannot open graph store " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(connection);
      throw e;
    }
  }

  private void start() throws SQLException {
    db.lock();
    try {
      if (readState(connection, LEGACY_IMPORT).isEmpty()) {
        importExistingRows();
      }
      dataVersion = -1;
      adoptCapturedWrites();
      pruneViewLog();
      lastViewSeq = count("SELECT coalesce(max(seq), 0) FROM graph_sync_view_log");
      rebuildIndex();
    } finally {
      db.unlock();
    }
  }

  /** This device's id, used to break ties between clocks. */
  public DeviceId deviceId() {
    return clock.device();
  }

  /** The hybrid clock that stamps this device's writes. */
  public HybridClock clock() {
    return clock;
  }

  public Path file() {
    return file;
  }

  // ---------------------------------------------------------------- AssociationStore

  @Override
  public Association store(Association association) {
    PairKey pair = association.pair();
    return write(
        () -> {
          PairState before = loadPair(pair);
          List<ReplicatedRow> writes = before.store(association, clock.now());
          PairState after = persistLocal(before, writes);
          return new Outcome<>(association, List.of(after));
        });
  }

  @Override
  public boolean delete(MemoryHash a, MemoryHash b) {
    PairKey pair = PairKey.of(a, b);
    return write(
        () -> {
          PairState before = loadPair(pair);
          List<ReplicatedRow> writes = before.delete(clock.now());
          if (writes.isEmpty()) {
            return new Outcome<>(false, List.of());
          }
          return new Outcome<>(true, List.of(persistLocal(before, writes)));
        });
  }

  @Override
  public int deleteMemory(MemoryHash memory) {
    return write(
        () -> {
          Set<PairKey> pairs = new LinkedHashSet<>();
          for (PreparedStatement ps : List.of(sql.replicaKeysBySource, sql.replicaKeysByTarget)) {
            ps.setString(1, memory.value());
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                pairs.add(RowKey.of(rs.getString(1), rs.getString(2)).pair());
              }
            }
          }
          List<PairState> changed = new ArrayList<>();
          for (PairKey pair : pairs) {
            PairState before = loadPair(pair);
            List<ReplicatedRow> writes = before.delete(clock.now());
            if (!writes.isEmpty()) {
              changed.add(persistLocal(before, writes));
            }
          }
          return new Outcome<>(changed.size(), changed);
        });
  }

  @Override
  public Optional<Association> get(RowKey key) {
    return query(
        () -> {
          sql.selectAssociation.setString(1, key.source().value());
          sql.selectAssociation.setString(2, key.target().value());
          try (ResultSet rs = sql.selectAssociation.executeQuery()) {
            return RowCodec.readOptional(rs);
          }
        });
  }

  @Override
  public List<Association> associationsOf(
      MemoryHash memory, Direction direction, Set<RelationshipType> types) {
    return query(
        () -> {
          List<Association> found = new ArrayList<>();
          sql.associationsFrom.setString(1, memory.value());
          try (ResultSet rs = sql.associationsFrom.executeQuery()) {
            while (rs.next()) {
              Association a = RowCodec.readAssociation(rs);
              EdgeOrientation orientation =
                  a.isSymmetric() ? EdgeOrientation.SYMMETRIC : EdgeOrientation.OUTGOING;
              if (direction.follows(orientation) && (types.isEmpty() || types.contains(a.type()))) {
                found.add(a);
              }
            }
          }
          if (direction != Direction.OUTGOING) {
            sql.directedInto.setString(1, memory.value());
            try (ResultSet rs = sql.directedInto.executeQuery()) {
              while (rs.next()) {
                Association a = RowCodec.readAssociation(rs);
                if (types.isEmpty() || types.contains(a.type())) {
                  found.add(a);
                }
              }
            }
          }
          found.sort((x, y) -> x.key().compareTo(y.key()));
          return found;
        });
  }

  @Override
  public GraphStatistics statistics() {
    return query(
        () -> {
          Map<RelationshipType, Long> byType = new EnumMap<>(RelationshipType.class);
          long rows = 0;
          long symmetric = 0;
          long directed = 0;
          try (Statement st = connection.createStatement();
              ResultSet rs =
                  st.executeQuery(
                      "SELECT coalesce(relationship_type, 'related'), count(*),"
                          + " sum(source_hash < target_hash) FROM memory_graph GROUP BY 1")) {
            while (rs.next()) {
              long count = rs.getLong(2);
              rows += count;
              RelationshipType type;
              try {
                type = RelationshipType.parse(rs.getString(1));
              } catch (IllegalArgumentException e) {
                continue;
              }
              long relationships = type.isSymmetric() ? rs.getLong(3) : count;
              byType.merge(type, relationships, Long::sum);
              if (type.isSymmetric()) {
                symmetric += relationships;
              } else {
                directed += relationships;
              }
            }
          }
          long memories;
          try (Statement st = connection.createStatement();
              ResultSet rs =
                  st.executeQuery(
                      "SELECT count(*) FROM (SELECT source_hash FROM memory_graph"
                          + " UNION SELECT target_hash FROM memory_graph)")) {
            memories = rs.next() ? rs.getLong(1) : 0;
          }
          return new GraphStatistics(
              symmetric + directed, rows, memories, symmetric, directed, byType);
        });
  }

  // ---------------------------------------------------------------- GraphIndex

  @Override
  public <T> T read(Function<GraphSnapshot, T> reader) {
    db.lock();
    try {
      ensureOpen();
      adoptCapturedWrites();
    } catch (SQLException e) {
      throw failure("reading the graph", e);
    } finally {
      db.unlock();
    }
    indexLock.readLock().lock();
    try {
      return reader.apply(index);
    } finally {
      indexLock.readLock().unlock();
    }
  }

  // ---------------------------------------------------------------- ReplicaStore

  @Override
  public List<ReplicatedRow> merge(
      Collection<ReplicatedRow> rows, Map<String, String> stateUpdates) {
    if (rows.isEmpty() && stateUpdates.isEmpty()) {
      return List.of();
    }
    Map<PairKey, List<ReplicatedRow>> byPair = new LinkedHashMap<>();
    for (ReplicatedRow row : rows) {
      byPair.computeIfAbsent(row.key().pair(), k -> new ArrayList<>(2)).add(row);
    }
    return write(
        () -> {
          List<ReplicatedRow> changed = new ArrayList<>();
          List<PairState> states = new ArrayList<>();
          for (Map.Entry<PairKey, List<ReplicatedRow>> entry : byPair.entrySet()) {
            PairState before = loadPair(entry.getKey());
            PairState after = before;
            List<ReplicatedRow> accepted = new ArrayList<>(2);
            for (ReplicatedRow row : entry.getValue()) {
              clock.observe(row.version().clock());
              Optional<ReplicatedRow> current = after.row(row.key());
              if (current.isEmpty() || current.get().isSupersededBy(row)) {
                after = after.merge(row);
                accepted.add(row);
              }
            }
            if (!accepted.isEmpty()) {
              for (ReplicatedRow row : accepted) {
                upsertReplica(after.row(row.key()).orElseThrow());
              }
              applyView(before, after);
              changed.addAll(accepted);
              states.add(after);
            }
          }
          for (Map.Entry<String, String> update : stateUpdates.entrySet()) {
            writeState(connection, update.getKey(), update.getValue());
          }
          return new Outcome<>(changed, states);
        });
  }

  @Override
  public List<ReplicatedRow> rows(Optional<RowKey> after, int limit) {
    requirePositive(limit);
    return query(
        () -> {
          PreparedStatement ps = after.isPresent() ? sql.replicaPageAfter : sql.replicaPageFirst;
          int next = bindAfter(ps, after);
          ps.setInt(next, limit);
          List<ReplicatedRow> page = new ArrayList<>(Math.min(limit, 1024));
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              page.add(RowCodec.readReplicated(rs));
            }
          }
          return page;
        });
  }

  @Override
  public List<ReplicatedRow> rows(Collection<RowKey> keys) {
    return query(
        () -> {
          List<ReplicatedRow> found = new ArrayList<>(keys.size());
          for (RowKey key : keys) {
            sql.selectReplica.setString(1, key.source().value());
            sql.selectReplica.setString(2, key.target().value());
            try (ResultSet rs = sql.selectReplica.executeQuery()) {
              if (rs.next()) {
                found.add(RowCodec.readReplicated(rs));
              }
            }
          }
          return found;
        });
  }

  @Override
  public long rowCount() {
    return query(() -> count("SELECT count(*) FROM graph_sync_replica"));
  }

  @Override
  public long rowCountAfter(Optional<RowKey> after) {
    if (after.isEmpty()) {
      return rowCount();
    }
    return query(
        () -> {
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "SELECT count(*) FROM graph_sync_replica"
                      + " WHERE (source_hash, target_hash) > (?, ?)")) {
            bindAfter(ps, after);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? rs.getLong(1) : 0;
            }
          }
        });
  }

  @Override
  public Map<Integer, RowDigest.BucketDigest> bucketDigests() {
    return query(
        () -> {
          Map<Integer, RowDigest.BucketDigest> digests = new HashMap<>();
          try (Statement st = connection.createStatement();
              ResultSet rs =
                  st.executeQuery(
                      "SELECT "
                          + RowDigest.BUCKET_SQL
                          + " AS bucket, count(*), sum("
                          + RowDigest.CHECKSUM_SQL
                          + ") FROM graph_sync_replica GROUP BY bucket")) {
            while (rs.next()) {
              digests.put(rs.getInt(1), new RowDigest.BucketDigest(rs.getLong(2), rs.getLong(3)));
            }
          }
          return digests;
        });
  }

  @Override
  public List<ReplicatedRow> bucketRows(int bucket) {
    return query(
        () -> {
          List<ReplicatedRow> rows = new ArrayList<>();
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "SELECT "
                      + RowCodec.REPLICA_COLUMNS
                      + " FROM graph_sync_replica WHERE "
                      + RowDigest.BUCKET_SQL
                      + " = ? ORDER BY source_hash, target_hash")) {
            ps.setInt(1, bucket);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                rows.add(RowCodec.readReplicated(rs));
              }
            }
          }
          return rows;
        });
  }

  // ---------------------------------------------------------------- ChangeOutbox

  @Override
  public List<Entry> peekDue(int limit, long nowMillis) {
    requirePositive(limit);
    return query(
        () -> {
          sql.outboxPeek.setLong(1, nowMillis);
          sql.outboxPeek.setInt(2, limit);
          List<Entry> entries = new ArrayList<>();
          try (ResultSet rs = sql.outboxPeek.executeQuery()) {
            while (rs.next()) {
              entries.add(
                  new Entry(
                      rs.getLong(1),
                      RowKey.of(rs.getString(2), rs.getString(3)),
                      rs.getLong(4),
                      rs.getInt(5),
                      Optional.ofNullable(rs.getString(6))));
            }
          }
          return entries;
        });
  }

  @Override
  public void acknowledge(Collection<Entry> entries) {
    forEachEntry(entries, sql.outboxAcknowledge, (ps, entry) -> ps.setLong(1, entry.sequence()));
  }

  @Override
  public void retryLater(Collection<Entry> entries, String reason, long nextAttemptMillis) {
    forEachEntry(
        entries,
        sql.outboxRetryLater,
        (ps, entry) -> {
          ps.setString(1, reason);
          ps.setLong(2, nextAttemptMillis);
          ps.setLong(3, entry.sequence());
        });
  }

  @Override
  public void park(Collection<Entry> entries, String reason) {
    long now = wall.millis();
    forEachEntry(
        entries,
        sql.outboxPark,
        (ps, entry) -> {
          ps.setString(1, reason);
          ps.setLong(2, now);
          ps.setLong(3, entry.sequence());
        });
  }

  @Override
  public int unparkAll() {
    return write(
        () -> {
          try (Statement st = connection.createStatement()) {
            int count =
                st.executeUpdate(
                    "UPDATE graph_sync_outbox SET parked_at = NULL, attempts = 0,"
                        + " next_attempt_at = 0 WHERE parked_at IS NOT NULL");
            return new Outcome<>(count, List.of());
          }
        });
  }

  @Override
  public List<Parked> parked(int limit) {
    requirePositive(limit);
    return query(
        () -> {
          List<Parked> parked = new ArrayList<>();
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "SELECT source_hash, target_hash, enqueued_at, parked_at, attempts,"
                      + " coalesce(last_error, '') FROM graph_sync_outbox"
                      + " WHERE parked_at IS NOT NULL ORDER BY seq LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                parked.add(
                    new Parked(
                        RowKey.of(rs.getString(1), rs.getString(2)),
                        rs.getLong(3),
                        rs.getLong(4),
                        rs.getInt(5),
                        rs.getString(6)));
              }
            }
          }
          return parked;
        });
  }

  @Override
  public Stats stats() {
    return query(
        () -> {
          try (Statement st = connection.createStatement();
              ResultSet rs =
                  st.executeQuery(
                      "SELECT count(*) - count(parked_at), count(parked_at),"
                          + " min(CASE WHEN parked_at IS NULL THEN enqueued_at END),"
                          + " min(CASE WHEN parked_at IS NULL THEN next_attempt_at END)"
                          + " FROM graph_sync_outbox")) {
            rs.next();
            long oldest = rs.getLong(3);
            OptionalLong oldestPending =
                rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(oldest);
            long next = rs.getLong(4);
            OptionalLong nextAttempt = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(next);
            return new Stats(rs.getLong(1), rs.getLong(2), oldestPending, nextAttempt);
          }
        });
  }

  @Override
  public long depth() {
    return query(() -> count("SELECT count(*) FROM graph_sync_outbox"));
  }

  @FunctionalInterface
  private interface EntryBinder {
    void bind(PreparedStatement ps, Entry entry) throws SQLException;
  }

  private void forEachEntry(Collection<Entry> entries, PreparedStatement ps, EntryBinder binder) {
    if (entries.isEmpty()) {
      return;
    }
    write(
        () -> {
          for (Entry entry : entries) {
            binder.bind(ps, entry);
            ps.addBatch();
          }
          ps.executeBatch();
          return new Outcome<>(null, List.of());
        });
  }

  // ---------------------------------------------------------------- SyncStateStore

  @Override
  public Optional<String> get(String name) {
    return query(() -> readState(connection, name));
  }

  @Override
  public void put(String name, String value) {
    write(
        () -> {
          writeState(connection, name, value);
          return new Outcome<>(null, List.of());
        });
  }

  @Override
  public void close() {
    db.lock();
    try {
      if (!closed) {
        closed = true;
        sql.close();
        connection.close();
      }
    } catch (SQLException e) {
      log.warn("Closing {} failed: {}", file, e.getMessage());
    } finally {
      db.unlock();
    }
  }

  // ---------------------------------------------------------------- internals

  /** The result of a write and the pair states it produced, for the index. */
  private record Outcome<T>(T value, List<PairState> states) {}

  @FunctionalInterface
  private interface SqlWork<T> {
    T run() throws SQLException;
  }

  private <T> T query(SqlWork<T> work) {
    db.lock();
    try {
      ensureOpen();
      adoptCapturedWrites();
      return work.run();
    } catch (SQLException e) {
      throw failure("reading the graph", e);
    } finally {
      db.unlock();
    }
  }

  private <T> T write(SqlWork<Outcome<T>> work) {
    db.lock();
    try {
      ensureOpen();
      adoptCapturedWrites();
      Outcome<T> outcome = inTransaction(work);
      updateIndex(outcome.states());
      return outcome.value();
    } catch (SQLException e) {
      throw failure("writing the graph", e);
    } finally {
      db.unlock();
    }
  }

  /**
   * Runs {@code work} in one IMMEDIATE transaction with the capture guard held, so this store's own
   * writes to {@code memory_graph} are not captured as foreign ones.
   */
  private <T> T inTransaction(SqlWork<T> work) throws SQLException {
    sql.begin.execute();
    try {
      sql.guardOn.execute();
      T result = work.run();
      sql.guardOff.execute();
      sql.commit.execute();
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        sql.rollback.execute();
      } catch (SQLException rollbackFailure) {
        e.addSuppressed(rollbackFailure);
      }
      throw e;
    }
  }

  private PairState loadPair(PairKey pair) throws SQLException {
    List<ReplicatedRow> rows = new ArrayList<>(2);
    sql.selectPair.setString(1, pair.low().value());
    sql.selectPair.setString(2, pair.high().value());
    sql.selectPair.setString(3, pair.high().value());
    sql.selectPair.setString(4, pair.low().value());
    try (ResultSet rs = sql.selectPair.executeQuery()) {
      while (rs.next()) {
        rows.add(RowCodec.readReplicated(rs));
      }
    }
    return PairState.of(pair, rows);
  }

  /** Applies this device's own writes: replica, view and outbox. */
  private PairState persistLocal(PairState before, List<ReplicatedRow> writes) throws SQLException {
    PairState after = before;
    for (ReplicatedRow row : writes) {
      after = after.merge(row);
    }
    for (ReplicatedRow row : writes) {
      upsertReplica(row);
      enqueue(row.key());
    }
    applyView(before, after);
    return after;
  }

  private void upsertReplica(ReplicatedRow row) throws SQLException {
    RowCodec.bindReplicated(sql.upsertReplica, 1, row);
    sql.upsertReplica.executeUpdate();
  }

  private void enqueue(RowKey key) throws SQLException {
    long now = wall.millis();
    sql.enqueue.setString(1, key.source().value());
    sql.enqueue.setString(2, key.target().value());
    sql.enqueue.setString(3, key.source().value());
    sql.enqueue.setString(4, key.target().value());
    sql.enqueue.setLong(5, now);
    sql.enqueue.executeUpdate();
  }

  /** Rewrites the view rows of a pair whose visible state changed from {@code before}. */
  private void applyView(PairState before, PairState after) throws SQLException {
    boolean changed = false;
    for (RowKey key : List.of(after.pair().forward(), after.pair().backward())) {
      Optional<Association> was = before.visible(key);
      Optional<Association> now = after.visible(key);
      if (!was.equals(now)) {
        writeView(key, now);
        changed = true;
      }
    }
    if (changed) {
      logView(after.pair());
    }
  }

  /** Notes that a pair's view rows changed, for other stores open on the same file. */
  private void logView(PairKey pair) throws SQLException {
    sql.logView.setString(1, pair.low().value());
    sql.logView.setString(2, pair.high().value());
    sql.logView.setLong(3, wall.millis());
    sql.logView.executeUpdate();
    if (++viewLogWrites % 10_000 == 0) {
      pruneViewLog();
    }
  }

  private void pruneViewLog() throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement("DELETE FROM graph_sync_view_log WHERE logged_at < ?")) {
      ps.setLong(1, wall.millis() - VIEW_LOG_RETENTION_MILLIS);
      ps.executeUpdate();
    }
  }

  /**
   * Brings the traversal index up to date with view changes that other stores on the same file made
   * since this one last looked; rebuilds it whole when the log was pruned past that point.
   */
  private void followViewLog() throws SQLException {
    long oldest = count("SELECT coalesce(min(seq), 0) FROM graph_sync_view_log");
    long newest = count("SELECT coalesce(max(seq), 0) FROM graph_sync_view_log");
    if (newest <= lastViewSeq) {
      return;
    }
    if (oldest > lastViewSeq + 1) {
      rebuildIndex();
      lastViewSeq = newest;
      return;
    }
    Set<PairKey> pairs = new LinkedHashSet<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT source_hash, target_hash FROM graph_sync_view_log WHERE seq > ? AND seq <= ?")) {
      ps.setLong(1, lastViewSeq);
      ps.setLong(2, newest);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          pairs.add(RowKey.of(rs.getString(1), rs.getString(2)).pair());
        }
      }
    }
    indexLock.writeLock().lock();
    try {
      for (PairKey pair : pairs) {
        for (RowKey key : List.of(pair.forward(), pair.backward())) {
          Optional<Association> row;
          try {
            row = tableRow(key);
          } catch (IllegalArgumentException e) {
            row = Optional.empty();
          }
          if (row.isPresent()) {
            index.put(row.get());
          } else {
            index.remove(key);
          }
        }
      }
    } finally {
      indexLock.writeLock().unlock();
    }
    lastViewSeq = newest;
  }

  private void writeView(RowKey key, Optional<Association> row) throws SQLException {
    if (row.isPresent()) {
      RowCodec.bindAssociation(sql.upsertView, 1, row.get());
      sql.upsertView.executeUpdate();
    } else {
      sql.deleteView.setString(1, key.source().value());
      sql.deleteView.setString(2, key.target().value());
      sql.deleteView.executeUpdate();
    }
  }

  private void updateIndex(List<PairState> states) {
    if (states.isEmpty()) {
      return;
    }
    indexLock.writeLock().lock();
    try {
      for (PairState state : states) {
        for (RowKey key : List.of(state.pair().forward(), state.pair().backward())) {
          Optional<Association> visible = state.visible(key);
          if (visible.isPresent()) {
            index.put(visible.get());
          } else {
            index.remove(key);
          }
        }
      }
    } finally {
      indexLock.writeLock().unlock();
    }
  }

  /**
   * Adopts rows that other programs wrote into {@code memory_graph} since the last look, when the
   * file changed under another connection. Rows that cannot be read (an unknown relationship type,
   * say) are left as they are and kept out of sync, with a warning.
   */
  private void adoptCapturedWrites() throws SQLException {
    long version = currentDataVersion();
    if (version == dataVersion) {
      return;
    }
    dataVersion = version;
    followViewLog();
    long last = count("SELECT coalesce(max(seq), 0) FROM graph_sync_capture");
    if (last == 0) {
      return;
    }
    Set<PairKey> pairs = new LinkedHashSet<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT DISTINCT source_hash, target_hash FROM graph_sync_capture WHERE seq <= ?")) {
      ps.setLong(1, last);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          try {
            pairs.add(RowKey.of(rs.getString(1), rs.getString(2)).pair());
          } catch (IllegalArgumentException e) {
            log.warn("Ignoring a memory_graph row that cannot be synced: {}", e.getMessage());
          }
        }
      }
    }
    List<PairState> states =
        inTransaction(
            () -> {
              List<PairState> adopted = new ArrayList<>();
              for (PairKey pair : pairs) {
                adoptPair(pair, clock.now(), true).ifPresent(adopted::add);
              }
              try (PreparedStatement ps =
                  connection.prepareStatement("DELETE FROM graph_sync_capture WHERE seq <= ?")) {
                ps.setLong(1, last);
                ps.executeUpdate();
              }
              return adopted;
            });
    updateIndex(states);
    log.debug("Adopted {} pairs written to memory_graph by another program", states.size());
  }

  /**
   * Makes the replicated state of a pair match its {@code memory_graph} rows (brought to the pair
   * invariant), repairing the rows where they break it. Returns the new state, or empty when a row
   * could not be read.
   */
  private Optional<PairState> adoptPair(PairKey pair, Hlc stamp, boolean enqueue)
      throws SQLException {
    Optional<Association> forward;
    Optional<Association> backward;
    try {
      forward = tableRow(pair.forward());
      backward = tableRow(pair.backward());
    } catch (IllegalArgumentException e) {
      log.warn("Leaving pair {} out of sync: {}", pair, e.getMessage());
      return Optional.empty();
    }
    PairState before = loadPair(pair);
    List<ReplicatedRow> writes = before.adopt(forward, backward, stamp);
    PairState after = before;
    for (ReplicatedRow row : writes) {
      after = after.merge(row);
      upsertReplica(row);
      if (enqueue) {
        enqueue(row.key());
      }
    }
    if (enqueue) {
      logView(pair);
    }
    Map<RowKey, Optional<Association>> table =
        Map.of(pair.forward(), forward, pair.backward(), backward);
    for (Map.Entry<RowKey, Optional<Association>> entry : table.entrySet()) {
      Optional<Association> shown = after.visible(entry.getKey());
      if (!shown.equals(entry.getValue())) {
        writeView(entry.getKey(), shown);
      }
    }
    return Optional.of(after);
  }

  private Optional<Association> tableRow(RowKey key) throws SQLException {
    sql.selectAssociation.setString(1, key.source().value());
    sql.selectAssociation.setString(2, key.target().value());
    try (ResultSet rs = sql.selectAssociation.executeQuery()) {
      return RowCodec.readOptional(rs);
    }
  }

  /**
   * Gives every row already in {@code memory_graph} when this store first opens the file (a
   * database of the Python service, say) a replicated version, without queueing it: uploading an
   * existing graph is the initial sync's job. Each pair's version derives from its rows' {@code
   * created_at}, so two devices importing the same rows agree on them.
   */
  private void importExistingRows() throws SQLException {
    long imported =
        inTransaction(
            () -> {
              long rows = 0;
              Optional<RowKey> after = Optional.empty();
              while (true) {
                List<RowKey> keys = new ArrayList<>(IMPORT_PAGE);
                PreparedStatement ps = after.isPresent() ? sql.keysAfter : sql.keysFirst;
                int next = bindAfter(ps, after);
                ps.setInt(next, IMPORT_PAGE);
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    String source = rs.getString(1);
                    String target = rs.getString(2);
                    try {
                      keys.add(RowKey.of(source, target));
                    } catch (IllegalArgumentException e) {
                      log.warn(
                          "Leaving memory_graph row ({}, {}) out of sync: {}",
                          source,
                          target,
                          e.getMessage());
                    }
                  }
                }
                if (keys.isEmpty()) {
                  return rows;
                }
                for (RowKey key : keys) {
                  boolean isForward = key.source().compareTo(key.target()) < 0;
                  if (!isForward && mirrorRowExists(key)) {
                    continue;
                  }
                  PairKey pair = key.pair();
                  Optional<Hlc> stamp = legacyStamp(pair);
                  if (stamp.isPresent() && adoptPair(pair, stamp.get(), false).isPresent()) {
                    rows++;
                  }
                }
                after = Optional.of(keys.get(keys.size() - 1));
              }
            });
    inTransaction(
        () -> {
          writeState(connection, LEGACY_IMPORT, Long.toString(imported));
          return null;
        });
    if (imported > 0) {
      log.info("Adopted {} existing pairs of memory_graph into the replicated state", imported);
    }
  }

  /** Whether the mirror of {@code key} has a row in memory_graph, readable or not. */
  private boolean mirrorRowExists(RowKey key) throws SQLException {
    sql.selectCreatedAt.setString(1, key.target().value());
    sql.selectCreatedAt.setString(2, key.source().value());
    try (ResultSet rs = sql.selectCreatedAt.executeQuery()) {
      return rs.next();
    }
  }

  /**
   * A version clock for rows found in place: their latest created_at in milliseconds, rounded as
   * the cloud's schema migration rounds it, from device "legacy".
   */
  private Optional<Hlc> legacyStamp(PairKey pair) throws SQLException {
    double createdAt = -1;
    for (RowKey key : List.of(pair.forward(), pair.backward())) {
      sql.selectCreatedAt.setString(1, key.source().value());
      sql.selectCreatedAt.setString(2, key.target().value());
      try (ResultSet rs = sql.selectCreatedAt.executeQuery()) {
        if (rs.next()) {
          createdAt = Math.max(createdAt, rs.getDouble(1));
        }
      }
    }
    if (createdAt < 0) {
      return Optional.empty();
    }
    long millis = Math.min(Math.max(Math.round(createdAt * 1000.0), 0), Hlc.MAX_WALL);
    return Optional.of(new Hlc(millis, 0, LEGACY_DEVICE));
  }

  private void rebuildIndex() throws SQLException {
    indexLock.writeLock().lock();
    try (Statement st = connection.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT " + RowCodec.ASSOCIATION_COLUMNS + " FROM memory_graph")) {
      index.clear();
      while (rs.next()) {
        try {
          index.put(RowCodec.readAssociation(rs));
        } catch (IllegalArgumentException e) {
          log.warn("Leaving a memory_graph row out of traversals: {}", e.getMessage());
        }
      }
    } finally {
      indexLock.writeLock().unlock();
    }
  }

  private long currentDataVersion() throws SQLException {
    try (ResultSet rs = sql.dataVersion.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  private Hlc lastClock(DeviceId device) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT max(hlc) FROM graph_sync_replica")) {
      String max = rs.next() ? rs.getString(1) : null;
      if (max == null) {
        return null;
      }
      Hlc last = Hlc.parse(max);
      return new Hlc(last.wallMillis(), last.counter(), device);
    }
  }

  private static DeviceId deviceId(Connection connection, Optional<DeviceId> configured)
      throws SQLException {
    Optional<String> stored = readState(connection, DEVICE_ID);
    if (configured.isPresent()) {
      if (stored.isEmpty() || !stored.get().equals(configured.get().value())) {
        writeState(connection, DEVICE_ID, configured.get().value());
      }
      return configured.get();
    }
    if (stored.isPresent()) {
      return new DeviceId(stored.get());
    }
    DeviceId created = DeviceId.random();
    writeState(connection, DEVICE_ID, created.value());
    return created;
  }

  private static Optional<String> readState(Connection connection, String name)
      throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT value FROM graph_sync_state WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  private static void writeState(Connection connection, String name, String value)
      throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO graph_sync_state (name, value) VALUES (?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET value = excluded.value")) {
      ps.setString(1, name);
      ps.setString(2, value);
      ps.executeUpdate();
    }
  }

  private long count(String query) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  private static int bindAfter(PreparedStatement ps, Optional<RowKey> after) throws SQLException {
    if (after.isEmpty()) {
      return 1;
    }
    ps.setString(1, after.get().source().value());
    ps.setString(2, after.get().target().value());
    return 3;
  }

  private static void requirePositive(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("graph store " + file + " is closed");
    }
  }

  private IllegalStateException failure(String doing, SQLException e) {
    return new IllegalStateException(doing + " in " + file + " failed: " + e.getMessage(), e);
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // already failing; the original error is the one to report
      }
    }
  }
}
