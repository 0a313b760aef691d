package io.hybridgraph.d1;

import io.hybridgraph.domain.model.RelationshipType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
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
 *       the same clock, so the pair stays visible.
 * </ol>
 */
final class SchemaMigrator implements RemoteSchema {

  private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

  static final String HISTORY_TABLE = "graph_schema_history";
  static final String LEGACY_BACKUP = "memory_graph_legacy_backup";

  /** The device part of the clock the guard trigger gives an edit made outside the adapter. */
  static final String GUARD_DEVICE = "d1-guard";

  private static final List<String> VERSIONED_COLUMNS =
      List.of("causal_length", "hlc", "deleted", "change_seq");
  private static final List<String> LEGACY_REQUIRED =
      List.of("source_hash", "target_hash", "similarity", "connection_types", "created_at");
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

  /** How often to ask again when D1 shows a table but not yet its columns. */
  private static final int VISIBILITY_ATTEMPTS = 5;

  private static final long VISIBILITY_PAUSE_MILLIS = 200;

  private final D1Database db;
  private final RequestRateLimiter.Sleeper sleeper;
  private final List<Migration> migrations;

  SchemaMigrator(D1Database db, RequestRateLimiter.Sleeper sleeper) {
    this.db = db;
    this.sleeper = sleeper;
    this.migrations =
        List.of(
            new Migration(
                1, "sync bookkeeping: change counter, device progress", i -> bookkeeping()),
            new Migration(2, "versioned memory_graph with change feed", this::memoryGraph),
            new Migration(
                3, "guard memory_graph against edits outside the merge rule", i -> guard()),
            new Migration(
                4,
                "device progress is informational: re-sent batches are merged, never refused",
                i -> progressInformational()),
            new Migration(
                5,
                "the guard applies an outside edit of a symmetric relationship to its mirror row",
                i -> mirroringGuard()));
  }

  /** One schema step: its statements are planned from what D1 holds right before applying it. */
  record Migration(int version, String description, Function<Inspection, Plan> plan) {}

  /** What one migration will run and what it will say it did. */
  record Plan(List<D1Statement> statements, String action) {}

  /** What D1 holds before a migration. */
  record Inspection(
      boolean hasGraph,
      Set<String> graphColumns,
      boolean hasBackup,
      long rows,
      long missingMirrors,
      long divergentPairs) {}

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
      if (applied.contains(migration.version())) {
        continue;
      }
      Plan plan = migration.plan().apply(migration.version() == 2 ? inspect() : null);
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

  /** The newer clock the guard gives a row edited outside the adapter (from its OLD clock). */
  private static String guardClock() {
    String hex = "'0123456789abcdef'";
    String counter =
        "((instr("
            + hex
            + ", substr(OLD.hlc, 14, 1)) - 1) * 4096 + (instr("
            + hex
            + ", substr(OLD.hlc, 15, 1)) - 1) * 256 + (instr("
            + hex
            + ", substr(OLD.hlc, 16, 1)) - 1) * 16 + (instr("
            + hex
            + ", substr(OLD.hlc, 17, 1)) - 1))";
    String now =
        "printf('%012x.0000."
            + GUARD_DEVICE
            + "', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))";
    return "CASE WHEN "
        + now
        + " > OLD.hlc THEN "
        + now
        + " ELSE substr(OLD.hlc, 1, 12) || printf('.%04x."
        + GUARD_DEVICE
        + "', MIN("
        + counter
        + " + 1, 65535)) END";
  }

  /** Fires on an UPDATE that changed a row's content but neither its clock nor its sequence. */
  private static final String GUARD_HEADER =
      "CREATE TRIGGER memory_graph_guard AFTER UPDATE ON memory_graph"
          + " WHEN NEW.change_seq = OLD.change_seq AND NEW.hlc = OLD.hlc AND ("
          + " NEW.similarity IS NOT OLD.similarity"
          + " OR NEW.connection_types IS NOT OLD.connection_types"
          + " OR NEW.metadata IS NOT OLD.metadata"
          + " OR NEW.created_at IS NOT OLD.created_at"
          + " OR NEW.relationship_type IS NOT OLD.relationship_type"
          + " OR NEW.causal_length IS NOT OLD.causal_length"
          + " OR NEW.deleted IS NOT OLD.deleted)"
          + " BEGIN";

  private static final String NEXT_SEQUENCE =
      " UPDATE sync_counter SET value = value + 1 WHERE name = '" + GraphSql.COUNTER_NAME + "'";

  private static final String CURRENT_SEQUENCE =
      "(SELECT value FROM sync_counter WHERE name = '" + GraphSql.COUNTER_NAME + "')";

  private static final String RESTAMP_EDITED_ROW =
      " UPDATE memory_graph SET hlc = "
          + guardClock()
          + ", change_seq = "
          + CURRENT_SEQUENCE
          + " WHERE rowid = NEW.rowid;";

  private Plan guard() {
    return new Plan(
        List.of(
            D1Statement.of(
                GUARD_HEADER.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS")
                    + NEXT_SEQUENCE
                    + ";"
                    + RESTAMP_EDITED_ROW
                    + " END")),
        "created the guard trigger memory_graph_guard");
  }

  /**
   * The guard of migration 3 restamped only the edited row, so an edit of one row of a symmetric
   * pair left the two rows with different versions and hid the relationship on every device. Now
   * the edit is also written to the mirror row (created when missing) with the same clock and the
   * next sequence, unless the mirror holds a later causal length (a newer deletion or re-creation,
   * which wins anyway).
   */
  private Plan mirroringGuard() {
    String symmetric =
        "NEW.relationship_type IN ("
            + Arrays.stream(RelationshipType.values())
                .filter(RelationshipType::isSymmetric)
                .map(t -> "'" + t.wireName() + "'")
                .collect(Collectors.joining(", "))
            + ") AND NEW.source_hash <> NEW.target_hash";
    String mirror =
        " INSERT INTO memory_graph ("
            + GraphSql.COLUMNS
            + ") SELECT NEW.target_hash, NEW.source_hash, NEW.similarity, NEW.connection_types,"
            + " NEW.metadata, NEW.created_at, NEW.relationship_type, NEW.causal_length,"
            + " edited.hlc, NEW.deleted, "
            + CURRENT_SEQUENCE
            + " FROM memory_graph AS edited WHERE edited.rowid = NEW.rowid AND "
            + symmetric
            + " ON CONFLICT (source_hash, target_hash) DO UPDATE SET"
            + " similarity = excluded.similarity, connection_types = excluded.connection_types,"
            + " metadata = excluded.metadata, created_at = excluded.created_at,"
            + " relationship_type = excluded.relationship_type,"
            + " causal_length = excluded.causal_length, hlc = excluded.hlc,"
            + " deleted = excluded.deleted, change_seq = excluded.change_seq"
            + " WHERE memory_graph.causal_length <= excluded.causal_length;";
    return new Plan(
        List.of(
            D1Statement.of("DROP TRIGGER IF EXISTS memory_graph_guard"),
            D1Statement.of(
                GUARD_HEADER
                    + NEXT_SEQUENCE
                    + ";"
                    + RESTAMP_EDITED_ROW
                    + NEXT_SEQUENCE
                    + " AND "
                    + symmetric
                    + ";"
                    + mirror
                    + " END")),
        "replaced the guard trigger: outside edits of symmetric relationships reach the mirror");
  }

  private Plan memoryGraph(Inspection inspection) {
    List<D1Statement> statements = new ArrayList<>();
    if (!inspection.hasGraph()) {
      statements.add(D1Statement.of(GraphSql.CREATE_TABLE));
      GraphSql.CREATE_INDEXES.forEach(sql -> statements.add(D1Statement.of(sql)));
      return new Plan(statements, "created memory_graph with its indexes");
    }
    Set<String> columns = inspection.graphColumns();
    if (columns.containsAll(VERSIONED_COLUMNS)) {
      GraphSql.CREATE_INDEXES.forEach(sql -> statements.add(D1Statement.of(sql)));
      statements.add(syncCounter());
      return new Plan(statements, "memory_graph already versioned; indexes and counter checked");
    }
    boolean partlyVersioned = VERSIONED_COLUMNS.stream().anyMatch(columns::contains);
    if (partlyVersioned || !columns.containsAll(LEGACY_REQUIRED)) {
      throw new IllegalStateException(
          "memory_graph in D1 has columns "
              + columns
              + ", neither the Python memory service's layout (at least "
              + LEGACY_REQUIRED
              + ") nor the versioned one (also "
              + VERSIONED_COLUMNS
              + "); inspect it before syncing");
    }
    if (inspection.hasBackup()) {
      throw new IllegalStateException(
          "cannot upgrade the legacy memory_graph in D1: a table named "
              + LEGACY_BACKUP
              + " already exists; rename or drop it first");
    }
    boolean hasType = columns.contains("relationship_type");
    statements.add(D1Statement.of("DROP INDEX IF EXISTS idx_memory_graph_source"));
    statements.add(D1Statement.of("DROP INDEX IF EXISTS idx_memory_graph_target"));
    statements.add(D1Statement.of("DROP INDEX IF EXISTS idx_memory_graph_type"));
    statements.add(D1Statement.of("ALTER TABLE memory_graph RENAME TO " + LEGACY_BACKUP));
    statements.add(D1Statement.of(GraphSql.CREATE_TABLE));
    statements.add(D1Statement.of(legacyCopy(hasType, columns.contains("metadata"))));
    GraphSql.CREATE_INDEXES.forEach(sql -> statements.add(D1Statement.of(sql)));
    statements.add(syncCounter());
    return new Plan(
        statements,
        "upgraded the Python service's memory_graph in place: "
            + inspection.rows()
            + " rows versioned"
            + (hasType ? "" : ", relationship_type added ('related')")
            + ", "
            + inspection.missingMirrors()
            + " missing mirror rows of symmetric relationships added, "
            + inspection.divergentPairs()
            + " symmetric pairs whose halves differed given the later half's content;"
            + " original kept as "
            + LEGACY_BACKUP);
  }

  private static D1Statement syncCounter() {
    return D1Statement.of(
        "UPDATE sync_counter SET value = MAX(value,"
            + " (SELECT COALESCE(MAX(change_seq), 0) FROM memory_graph)) WHERE name = ?",
        GraphSql.COUNTER_NAME);
  }

  /**
   * Copies the legacy rows into the versioned table. Both rows of a pair get the clock of the later
   * of their {@code created_at}, so the two halves of a symmetric relationship hold equal versions,
   * as the domain requires to show it.
   */
  /**
   * A column of row {@code c} whose mirror {@code m} may differ: when both halves hold a symmetric
   * type, both take the content of the later one (by {@code created_at}, then the lower source
   * hash), as the Python service's "re-storing replaces" would have; the domain shows a symmetric
   * relationship only when both halves hold mirrored content with equal versions.
   */
  private static String fromWinner(String column) {
    return "CASE WHEN c.relationship_type IN ('related', 'contradicts')"
        + " AND m.relationship_type IN ('related', 'contradicts')"
        + " AND (m.created_at > c.created_at"
        + " OR (m.created_at = c.created_at AND m.source_hash < c.source_hash))"
        + " THEN m."
        + column
        + " ELSE c."
        + column
        + " END";
  }

  static String legacyCopy(boolean hasType, boolean hasMetadata) {
    String type =
        hasType ? "COALESCE(NULLIF(lower(trim(relationship_type)), ''), 'related')" : "'related'";
    String metadata =
        hasMetadata
            // As a device reads legacy metadata: NULL, blank or JSON null is no metadata.
            ? "CASE WHEN metadata IS NULL OR trim(metadata, ' ' || char(9, 10, 11, 12, 13))"
                + " IN ('', 'null') THEN NULL"
                + " WHEN json_valid(metadata) AND json_type(metadata) = 'object' THEN metadata"
                + " ELSE json_object('legacy_metadata', metadata) END"
            : "NULL";
    // As a device reads legacy connection types: blank is none; text that is not a JSON list is a
    // list of that one (trimmed) entry; a JSON list loses its null and blank entries, and its
    // numbers and booleans become text.
    String trimmed = "trim(connection_types, ' ' || char(9, 10, 11, 12, 13))";
    String connectionTypes =
        "CASE WHEN connection_types IS NULL OR "
            + trimmed
            + " = '' THEN '[]'"
            + " WHEN substr("
            + trimmed
            + ", 1, 1) = '[' AND json_valid(connection_types)"
            + " AND json_type(connection_types) = 'array'"
            + " THEN (SELECT json_group_array(CASE e.type WHEN 'true' THEN 'true'"
            + " WHEN 'false' THEN 'false' ELSE CAST(e.value AS TEXT) END)"
            + " FROM json_each(connection_types) AS e WHERE e.type <> 'null'"
            + " AND trim(CAST(e.value AS TEXT), ' ' || char(9, 10, 11, 12, 13)) <> '')"
            + " ELSE json_array("
            + trimmed
            + ") END";
    return "WITH legacy AS (SELECT source_hash, target_hash,"
        + " COALESCE(similarity, 0) AS similarity, "
        + connectionTypes
        + " AS connection_types, "
        + metadata
        + " AS metadata, COALESCE(created_at, 0) AS created_at, "
        + type
        + " AS relationship_type FROM "
        + LEGACY_BACKUP
        + " WHERE source_hash IS NOT NULL AND target_hash IS NOT NULL),"
        + " completed AS (SELECT * FROM legacy UNION ALL"
        + " SELECT target_hash, source_hash, similarity, connection_types, metadata, created_at,"
        + " relationship_type FROM legacy l"
        + " WHERE relationship_type IN ('related', 'contradicts')"
        + " AND source_hash <> target_hash"
        + " AND NOT EXISTS (SELECT 1 FROM legacy m"
        + " WHERE m.source_hash = l.target_hash AND m.target_hash = l.source_hash))"
        + " INSERT INTO memory_graph ("
        + GraphSql.COLUMNS
        + ") SELECT c.source_hash, c.target_hash, "
        + fromWinner("similarity")
        + ", "
        + fromWinner("connection_types")
        + ", "
        + fromWinner("metadata")
        + ", "
        + fromWinner("created_at")
        + ", "
        + fromWinner("relationship_type")
        + ", 1,"
        + " printf('%012x.0000.legacy', MIN(281474976710655, MAX(0, CAST(round("
        + "MAX(c.created_at, COALESCE(m.created_at, c.created_at)) * 1000) AS INTEGER)))),"
        + " 0, ROW_NUMBER() OVER (ORDER BY c.source_hash, c.target_hash)"
        + " FROM completed c LEFT JOIN completed m"
        + " ON m.source_hash = c.target_hash AND m.target_hash = c.source_hash";
  }

  private Inspection inspect() {
    for (int attempt = 1; ; attempt++) {
      List<D1Result> results =
          db.batch(
              List.of(
                  D1Statement.of(
                      "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN (?, ?)",
                      GraphSql.TABLE,
                      LEGACY_BACKUP),
                  D1Statement.of("PRAGMA table_info(memory_graph)")));
      Set<String> tables = new LinkedHashSet<>();
      results.get(0).rows().forEach(r -> tables.add(String.valueOf(r.get("name"))));
      Set<String> columns = new LinkedHashSet<>();
      results.get(1).rows().forEach(r -> columns.add(String.valueOf(r.get("name"))));
      boolean hasGraph = tables.contains(GraphSql.TABLE);
      boolean hasBackup = tables.contains(LEGACY_BACKUP);
      if (!hasGraph) {
        return new Inspection(false, Set.of(), hasBackup, 0, 0, 0);
      }
      if (columns.isEmpty()) {
        // D1 can list a new table before PRAGMA table_info shows its columns: ask again.
        if (attempt >= VISIBILITY_ATTEMPTS) {
          throw new RetryableRemoteException(
              "D1 lists table memory_graph but PRAGMA table_info shows no columns for it after "
                  + attempt
                  + " attempts; run the migration again later",
              0,
              0,
              null,
              null,
              null);
        }
        pause();
        continue;
      }
      long rows = 0;
      long missingMirrors = 0;
      long divergentPairs = 0;
      if (!columns.containsAll(VERSIONED_COLUMNS) && columns.containsAll(LEGACY_REQUIRED)) {
        boolean hasType = columns.contains("relationship_type");
        String l = typeOf("l", hasType);
        String m = typeOf("m", hasType);
        String metadata = columns.contains("metadata") ? " OR l.metadata IS NOT m.metadata" : "";
        Map<String, Object> counts =
            db.query(
                    D1Statement.of(
                        "SELECT (SELECT count(*) FROM memory_graph) AS total,"
                            + " (SELECT count(*) FROM memory_graph l WHERE "
                            + l
                            + " IN ('related', 'contradicts')"
                            + " AND l.source_hash <> l.target_hash"
                            + " AND NOT EXISTS (SELECT 1 FROM memory_graph m"
                            + " WHERE m.source_hash = l.target_hash"
                            + " AND m.target_hash = l.source_hash)) AS missing,"
                            + " (SELECT count(*) FROM memory_graph l JOIN memory_graph m"
                            + " ON m.source_hash = l.target_hash AND m.target_hash = l.source_hash"
                            + " WHERE l.source_hash < l.target_hash"
                            + " AND "
                            + l
                            + " IN ('related', 'contradicts') AND "
                            + m
                            + " IN ('related', 'contradicts')"
                            + " AND (l.similarity IS NOT m.similarity"
                            + " OR l.connection_types IS NOT m.connection_types"
                            + " OR l.created_at IS NOT m.created_at OR "
                            + l
                            + " IS NOT "
                            + m
                            + metadata
                            + ")) AS divergent"))
                .rows()
                .get(0);
        rows = ((Number) counts.get("total")).longValue();
        missingMirrors = ((Number) counts.get("missing")).longValue();
        divergentPairs = ((Number) counts.get("divergent")).longValue();
      }
      return new Inspection(true, columns, hasBackup, rows, missingMirrors, divergentPairs);
    }
  }

  /** A legacy row's relationship type, normalised as the copy normalises it. */
  private static String typeOf(String alias, boolean hasType) {
    return hasType
        ? "COALESCE(NULLIF(lower(trim(" + alias + ".relationship_type)), ''), 'related')"
        : "'related'";
  }

  private void verifyGraphColumns() {
    for (int attempt = 1; ; attempt++) {
      Set<String> columns = new LinkedHashSet<>();
      db.query(D1Statement.of("PRAGMA table_info(memory_graph)"))
          .rows()
          .forEach(r -> columns.add(String.valueOf(r.get("name"))));
      if (columns.containsAll(ALL_COLUMNS)) {
        return;
      }
      if (attempt >= VISIBILITY_ATTEMPTS) {
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
