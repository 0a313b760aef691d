package io.hybridgraph.sqlite;

import io.hybridgraph.domain.port.out.AssociationStore;
import io.hybridgraph.domain.port.out.ChangeOutbox;
import io.hybridgraph.domain.port.out.GraphIndex;
import io.hybridgraph.domain.port.out.HeldDeletions;
import io.hybridgraph.domain.port.out.PairLedger;
import io.hybridgraph.domain.port.out.ReplicaStore;
import io.hybridgraph.domain.port.out.SetAsideRows;
import io.hybridgraph.domain.port.out.SyncStateStore;
import io.hybridgraph.domain.port.out.ViewHolds;
import io.hybridgraph.domain.replica.DeletionGuard;
import io.hybridgraph.domain.replica.DeviceReplica;
import io.hybridgraph.domain.version.DeviceId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The local graph store on one SQLite file, the front of this adapter: opens the file (creating it
 * or upgrading it in place) and hands out the store's ports, each implemented by a package-private
 * class of this package on one shared connection.
 *
 * <p>{@code graph_sync_replica} holds the replicated state, what devices agree on (versions and
 * tombstones); {@code memory_graph} keeps exactly the Python memory service's shape and is this
 * device's view, what it shows: the visible associations, except those the view holds back for a
 * local reason kept in {@code graph_sync_held} (a memory not arrived yet, a row the Python
 * service's housekeeping would remove again, a place taken by a row kept local, a held mass
 * deletion). Every local write changes both and enqueues the changed rows in {@code
 * graph_sync_outbox} in one transaction, as the domain's {@link DeviceReplica} decides. Rows that
 * other programs write straight into {@code memory_graph} are captured by triggers and adopted,
 * classified as user intent or housekeeping, before the next operation; held rows come back by
 * themselves when their reason lapses. Rows merged from the cloud change the view without being
 * enqueued. Rows the domain does not model are never touched; rows that cannot be read are set
 * aside ({@code graph_sync_set_aside}). Traversals run on an in-memory adjacency index kept in step
 * with {@code memory_graph}.
 *
 * <p>Thread-safe: work on the file is serialised on the one connection, traversals share a read
 * lock. Close it once, after everything using its ports has stopped.
 */
public final class SqliteGraphStore implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SqliteGraphStore.class);

  private final SqliteSession session;
  private Checkpointer checkpointer;
  private final PairWrites ledger;
  private final DeviceReplica deviceReplica;
  private final ViewLog viewLog;
  private final SetAside setAside;
  private final HoldTable holds;
  private final MemoriesTable memories;
  private final LegacyImport legacyImport;
  private final ForeignWrites foreign;
  private final HeldBack heldBack;
  private final SqliteHeldDeletions heldDeletions;
  private final SqliteAssociationStore associations;
  private final SqliteGraphIndex index;
  private final SqliteReplicaStore replica;
  private final SqliteChangeOutbox outbox;
  private final SqliteSyncState state;

  private SqliteGraphStore(SqliteSession session, DeviceId device, DeletionGuard guard) {
    this.session = session;
    this.setAside = new SetAside(session);
    ViewTable view = new ViewTable(session, setAside);
    this.viewLog = new ViewLog(session, view, setAside);
    this.holds = new HoldTable(session);
    this.memories = new MemoriesTable(session);
    PairView pairView = new PairView(view, holds, memories, viewLog);
    this.outbox = new SqliteChangeOutbox(session, setAside);
    this.ledger = new PairWrites(session, pairView, outbox, setAside);
    this.deviceReplica = new DeviceReplica(session.wall(), device, ledger);
    this.legacyImport = new LegacyImport(session, ledger, view, pairView);
    this.heldDeletions =
        new SqliteHeldDeletions(session, deviceReplica, ledger, view, holds, pairView, outbox);
    this.foreign =
        new ForeignWrites(
            session,
            deviceReplica,
            ledger,
            view,
            holds,
            memories,
            pairView,
            outbox,
            heldDeletions,
            viewLog,
            guard);
    this.heldBack = new HeldBack(session, ledger, holds, memories, pairView);
    this.associations = new SqliteAssociationStore(session, deviceReplica);
    this.index = new SqliteGraphIndex(session);
    this.replica = new SqliteReplicaStore(session, deviceReplica, setAside);
    this.state = new SqliteSyncState(session);
    session.catchUpWith(
        () -> {
          holds.refresh();
          memories.refresh();
          viewLog.follow();
          foreign.adoptCaptured();
          heldBack.comeBack();
        });
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
      try (Statement st = connection.createStatement()) {
        // Commits never checkpoint: the checkpointer does, off the write path.
        st.execute("PRAGMA wal_autocheckpoint = 0");
      }
      DeviceId device = SqliteSyncState.deviceId(connection, config.deviceId());
      SqliteGraphStore store =
          new SqliteGraphStore(
              new SqliteSession(file, wall, connection), device, config.massDeletionGuard());
      store.start();
      store.checkpointer = Checkpointer.start(file, sqlite.toProperties());
      log.info(
          "Opened graph store {} as device {} ({} rows, {} waiting to sync)",
          file,
          device,
          store.session.index().rowCount(),
          store.outbox.depth());
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
    session.locked(
        () -> {
          holds.refresh();
          memories.refresh();
          legacyImport.importOnFirstOpen();
          session.catchUp(true);
          viewLog.prune();
          viewLog.skipToEnd();
          session.index().rebuild(session.connection(), setAside);
          outbox.setAsideUnreadable();
          return null;
        });
  }

  /**
   * Takes in now what other programs changed in the file since the last look: adopts their writes
   * to {@code memory_graph} and brings back held rows whose reason lapsed. Every operation of the
   * store's ports does this first anyway; a server calls it on a schedule so that the view follows
   * the file while no request comes.
   */
  public void catchUp() {
    session.catchUp();
  }

  /** This device's id, used to break ties between clocks. */
  public DeviceId deviceId() {
    return deviceReplica.device();
  }

  /** The connection, lock and index this store's classes share (for this package's tests). */
  SqliteSession session() {
    return session;
  }

  /** The pair-writing transaction the domain's write rule persists through. */
  PairLedger ledger() {
    return ledger;
  }

  /** The visible associations of this device, and its local writes. */
  public AssociationStore associations() {
    return associations;
  }

  /** The in-memory adjacency traversals run on. */
  public GraphIndex index() {
    return index;
  }

  /** The replicated state behind the view: what sync reads and merges. */
  public ReplicaStore replica() {
    return replica;
  }

  /** The rows changed on this device and not yet acknowledged by the cloud. */
  public ChangeOutbox outbox() {
    return outbox;
  }

  /**
   * Deletions another program made at once beyond the mass-deletion guard, held on this device
   * until released or discarded.
   */
  public HeldDeletions heldDeletions() {
    return heldDeletions;
  }

  /** What this device's view holds back of the replicated state, and why. */
  public ViewHolds viewHolds() {
    return holds;
  }

  /** Rows that could not be read, set aside so they stop nothing. */
  public SetAsideRows setAside() {
    return setAside;
  }

  /** Sync's small named values kept beside the graph. */
  public SyncStateStore syncState() {
    return state;
  }

  /** Closes the connection; the ports fail from then on. Idempotent. */
  @Override
  public void close() {
    if (checkpointer != null) {
      checkpointer.close();
    }
    session.close();
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
