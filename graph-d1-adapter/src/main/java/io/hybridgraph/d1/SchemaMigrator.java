package io.hybridgraph.d1;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the remote schema's migrations in order and records each in {@code graph_schema_history}.
 *
 * <p>Each migration is one batch request, hence one transaction, whose first statement claims the
 * version by inserting it into the history table. When two devices migrate at once, the second
 * claim fails on the primary key, the loser's whole batch rolls back (so a non-idempotent {@code
 * ALTER} or rebuild never runs twice), and the loser re-reads the history, finds the version and
 * moves on.
 *
 * <p>Migrations:
 *
 * <ol>
 *   <li>bookkeeping: the change counter, per-device push progress and the trigger that refuses a
 *       batch sequence a device already recorded;
 *   <li>{@code memory_graph}: created on a fresh database; on a database of the Python memory
 *       service (with or without {@code relationship_type}) rebuilt in place with versions (causal
 *       length 1, a clock from {@code created_at}, equal for both rows of a pair so symmetric
 *       relationships stay visible), missing mirror rows of symmetric relationships added,
 *       connection types and metadata normalised to JSON, and a change sequence for every row so
 *       devices pull them; the original table is kept as {@code memory_graph_legacy_backup};
 *   <li>a guard trigger: an UPDATE of {@code memory_graph} made outside the adapter (a console, a
 *       script) that changes a row without giving it a new version and sequence gets a newer clock
 *       ({@code ....d1-guard}) and the next sequence, so devices pull the edit and drift digests
 *       see it;
 *   <li>device progress made informational (re-sent batches are merged);
 *   <li>the guard also writes an outside edit of a symmetric relationship to the mirror row, with
 *       the same clock, so the pair stays visible;
 *   <li>{@code memory_graph} rebuilt without rowid, keyed by {@code (source_hash, target_hash)},
 *       without the index on {@code source_hash} that the key covers: a new row costs 4 rows
 *       written instead of 6.
 * </ol>
 *
 * <p>Every trigger is created by a batch entry of its own with its {@code CASE} expressions in
 * parentheses ({@link GuardTrigger}), the form Cloudflare's statement splitter is known to accept.
 */
final class SchemaMigrator implements RemoteSchema {

  private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

  static final String HISTORY_TABLE = "graph_schema_history";

  /** The device part of the clock the guard trigger gives an edit made outside the adapter. */
  static final String GUARD_DEVICE = GuardTrigger.GUARD_DEVICE;

  private static final List<String> ALL_COLUMNS =
      List.of(
          "source_hash",
          "target_hash",
          "similarity",
          "connection_types",
          "metadata",
          "created_at",
          "relationship_type",
          "causal_length",
          "hlc",
          "deleted",
          "change_seq");

  private static final long VISIBILITY_PAUSE_MILLIS = 200;

  private final D1Database db;
  private final RequestRateLimiter.Sleeper sleeper;
  private final List<Migration> migrations;

  SchemaMigrator(D1Database db, RequestRateLimiter.Sleeper sleeper) {
    this.db = db;
    this.sleeper = sleeper;
    MemoryGraphMigration memoryGraph = new MemoryGraphMigration(db, this::pause);
    this.migrations =
        List.of(
            new Migration(
                1, "sync bookkeeping: change counter, device progress", this::bookkeeping),
            new Migration(
                2,
                "versioned memory_graph with change feed",
                () -> memoryGraph.plan(memoryGraph.inspect())),
            new Migration(
                3,
                "guard memory_graph against edits outside the merge rule",
                () ->
                    new Plan(
                        List.of(D1Statement.of(GuardTrigger.restamping())),
                        "created the guard trigger memory_graph_guard")),
            new Migration(
                4,
                "device progress is informational: re-sent batches are merged, never refused",
                this::progressInformational),
            new Migration(
                5,
                "the guard applies an outside edit of a symmetric relationship to its mirror row",
                this::mirroringGuard),
            new Migration(
                6,
                "memory_graph without rowid, keyed by (source_hash, target_hash): four rows"
                    + " written per new row instead of six",
                this::withoutRowid));
  }

  /** One schema step: its statements are planned from what D1 holds right before applying it. */
  record Migration(int version, String description, Supplier<Plan> plan) {}

  /** What one migration will run and what it will say it did. */
  record Plan(List<D1Statement> statements, String action) {}

  @Override
  public int latestVersion() {
    return migrations.get(migrations.size() - 1).version();
  }

  @Override
  public SchemaStatus status() {
    List<D1Result> results =
        db.batch(
            List.of(
                D1Statement.of(
                    "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?",
                    HISTORY_TABLE)));
    long tables = ((Number) results.get(0).rows().get(0).get("n")).longValue();
    int current = tables == 0 ? 0 : max(readApplied());
    return new SchemaStatus(current, latestVersion(), List.of(), List.of());
  }

  @Override
  public SchemaStatus migrate() {
    return migrateTo(latestVersion());
  }

  /**
   * Applies the pending migrations up to {@code target} (tests build an older schema with it, to
   * upgrade it after).
   */
  SchemaStatus migrateTo(int target) {
    List<D1Result> bootstrap =
        db.batch(
            List.of(
                D1Statement.of(
                    "CREATE TABLE IF NOT EXISTS "
                        + HISTORY_TABLE
                        + " (version INTEGER PRIMARY KEY, description TEXT NOT NULL,"
                        + " applied_at TEXT NOT NULL)"),
                D1Statement.of("SELECT version FROM " + HISTORY_TABLE + " ORDER BY version")));
    Set<Integer> applied = versions(bootstrap.get(1).rows());
    requireKnown(applied);
    List<Integer> appliedNow = new ArrayList<>();
    List<String> actions = new ArrayList<>();
    for (Migration migration : migrations) {
      if (applied.contains(migration.version()) || migration.version() > target) {
        continue;
      }
      Plan plan = migration.plan().get();
      List<D1Statement> statements = new ArrayList<>(plan.statements().size() + 1);
      statements.add(
          D1Statement.of(
              "INSERT INTO "
                  + HISTORY_TABLE
                  + " (version, description, applied_at)"
                  + " VALUES ("
                  + migration.version()
                  + ", ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
              migration.description()));
      statements.addAll(plan.statements());
      try {
        db.batch(statements);
        appliedNow.add(migration.version());
        actions.add("v" + migration.version() + ": " + plan.action());
        LOG.info("D1 schema migrated to version {}: {}", migration.version(), plan.action());
      } catch (RejectedRemoteException e) {
        applied = readApplied();
        if (!applied.contains(migration.version())) {
          throw new RejectedRemoteException(
              "D1 schema migration to version "
                  + migration.version()
                  + " ("
                  + migration.description()
                  + ") failed: "
                  + e.getMessage(),
              e.httpStatus().orElse(0),
              Failures.codeOf(e),
              e.remoteMessage().orElse(null),
              e);
        }
        actions.add("v" + migration.version() + ": applied by another device meanwhile");
        LOG.info(
            "D1 schema version {} was applied by another device meanwhile", migration.version());
      }
      applied.add(migration.version());
    }
    verifyGraphColumns();
    return new SchemaStatus(max(applied), latestVersion(), appliedNow, actions);
  }

  private void requireKnown(Set<Integer> applied) {
    int newest = max(applied);
    if (newest > latestVersion()) {
      throw new IllegalStateException(
          "the D1 database holds remote schema version "
              + newest
              + " but this build knows versions up to "
              + latestVersion()
              + "; upgrade hybrid-graph-sync on this device before syncing");
    }
  }

  private Set<Integer> readApplied() {
    return versions(
        db.query(D1Statement.of("SELECT version FROM " + HISTORY_TABLE + " ORDER BY version"))
            .rows());
  }

  private static Set<Integer> versions(List<Map<String, Object>> rows) {
    Set<Integer> out = new TreeSet<>();
    for (Map<String, Object> row : rows) {
      out.add(((Number) row.get("version")).intValue());
    }
    return out;
  }

  private static int max(Set<Integer> versions) {
    return versions.stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  private Plan bookkeeping() {
    return new Plan(
        List.of(
            D1Statement.of(
                "CREATE TABLE IF NOT EXISTS sync_counter"
                    + " (name TEXT PRIMARY KEY, value INTEGER NOT NULL)"),
            D1Statement.of(
                "INSERT OR IGNORE INTO sync_counter (name, value) VALUES (?, 0)",
                GraphSql.COUNTER_NAME),
            D1Statement.of(
                "CREATE TABLE IF NOT EXISTS sync_device_progress"
                    + " (device_id TEXT PRIMARY KEY, last_batch_sequence INTEGER NOT NULL,"
                    + " updated_at TEXT NOT NULL)"),
            D1Statement.of(
                "CREATE TRIGGER IF NOT EXISTS sync_device_progress_advances"
                    + " BEFORE UPDATE OF last_batch_sequence ON sync_device_progress"
                    + " WHEN NEW.last_batch_sequence <= OLD.last_batch_sequence"
                    + " BEGIN SELECT RAISE(ABORT, '"
                    + GraphSql.ALREADY_APPLIED
                    + "'); END")),
        "created sync_counter, sync_device_progress and its trigger");
  }

  /**
   * Drops the trigger of version 1 that refused a batch whose sequence a device had already
   * recorded. Refusing is unsafe: a database file copied to a second machine carries the same
   * device id and sequence, and its new rows would be refused while the device believed them
   * pushed. Applying a re-sent batch is harmless, since the merge rule makes it a no-op.
   */
  private Plan progressInformational() {
    return new Plan(
        List.of(D1Statement.of("DROP TRIGGER IF EXISTS sync_device_progress_advances")),
        "dropped the trigger that refused re-sent batches");
  }

  /**
   * The guard of migration 3 restamped only the edited row, so an edit of one row of a symmetric
   * pair left the two rows with different versions and hid the relationship on every device. Now
   * the edit also reaches the mirror row ({@link GuardTrigger#mirroring()}).
   */
  private Plan mirroringGuard() {
    return new Plan(
        List.of(
            D1Statement.of("DROP TRIGGER IF EXISTS memory_graph_guard"),
            D1Statement.of(GuardTrigger.mirroring())),
        "replaced the guard trigger: outside edits of symmetric relationships reach the mirror");
  }

  /**
   * Rebuilds {@code memory_graph} as a table without rowid whose primary key is {@code
   * (source_hash, target_hash)}: the key is the table, so a new row is written once to the table
   * and once to each of the indexes on target, type and change sequence (4 rows D1 bills, against 6
   * with a rowid table, its key's own index and the index on source, which the key now covers). The
   * rows are copied unchanged, sequences included, in the same transaction; the guard trigger is
   * recreated finding rows by key.
   */
  private Plan withoutRowid() {
    List<D1Statement> statements = new ArrayList<>();
    statements.add(D1Statement.of("DROP TRIGGER IF EXISTS memory_graph_guard"));
    statements.add(D1Statement.of("DROP TABLE IF EXISTS " + REBUILD_TABLE));
    statements.add(
        D1Statement.of(
            GraphSql.CREATE_TABLE_WITHOUT_ROWID.replace(
                "CREATE TABLE memory_graph ", "CREATE TABLE " + REBUILD_TABLE + " ")));
    statements.add(
        D1Statement.of(
            "INSERT INTO "
                + REBUILD_TABLE
                + " ("
                + GraphSql.COLUMNS
                + ") SELECT "
                + GraphSql.COLUMNS
                + " FROM memory_graph"));
    statements.add(D1Statement.of("DROP TABLE memory_graph"));
    statements.add(D1Statement.of("ALTER TABLE " + REBUILD_TABLE + " RENAME TO memory_graph"));
    GraphSql.CREATE_INDEXES_WITHOUT_ROWID.forEach(sql -> statements.add(D1Statement.of(sql)));
    statements.add(D1Statement.of(GuardTrigger.mirroringByKey()));
    return new Plan(
        statements,
        "rebuilt memory_graph without rowid, keyed by (source_hash, target_hash); dropped"
            + " idx_memory_graph_source, which the key covers");
  }

  /** Where migration 6 builds the new table before it takes the old one's name. */
  static final String REBUILD_TABLE = "memory_graph_rebuild";

  private void verifyGraphColumns() {
    for (int attempt = 1; ; attempt++) {
      Set<String> columns = new LinkedHashSet<>();
      db.query(D1Statement.of("PRAGMA table_info(memory_graph)"))
          .rows()
          .forEach(r -> columns.add(String.valueOf(r.get("name"))));
      if (columns.containsAll(ALL_COLUMNS)) {
        return;
      }
      if (attempt >= MemoryGraphMigration.VISIBILITY_ATTEMPTS) {
        List<String> missing = new ArrayList<>(ALL_COLUMNS);
        missing.removeAll(columns);
        throw new IllegalStateException(
            "after migrating, memory_graph in D1 still lacks columns " + missing);
      }
      pause();
    }
  }

  private void pause() {
    try {
      sleeper.sleepNanos(TimeUnit.MILLISECONDS.toNanos(VISIBILITY_PAUSE_MILLIS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetryableRemoteException(
          "interrupted while waiting for D1 to show the schema", 0, 0, null, null, e);
    }
  }
}
