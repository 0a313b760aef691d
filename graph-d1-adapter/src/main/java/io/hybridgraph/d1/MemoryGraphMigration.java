package io.hybridgraph.d1;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Remote schema 2, {@code memory_graph} with versions and a change feed: created on a fresh
 * database; on a database of the Python memory service (with or without {@code relationship_type})
 * rebuilt in place with versions (causal length 1, a clock from {@code created_at}, equal for both
 * rows of a pair so symmetric relationships stay visible), missing mirror rows of symmetric
 * relationships added, connection types and metadata normalised to JSON, and a change sequence for
 * every row so devices pull them; the original table is kept as {@value #LEGACY_BACKUP}.
 */
final class MemoryGraphMigration {

  static final String LEGACY_BACKUP = "memory_graph_legacy_backup";

  static final List<String> VERSIONED_COLUMNS =
      List.of("causal_length", "hlc", "deleted", "change_seq");
  private static final List<String> LEGACY_REQUIRED =
      List.of("source_hash", "target_hash", "similarity", "connection_types", "created_at");

  /** How often to ask again when D1 shows a table but not yet its columns. */
  static final int VISIBILITY_ATTEMPTS = 5;

  private final D1Database db;
  private final Runnable pause;

  MemoryGraphMigration(D1Database db, Runnable pause) {
    this.db = db;
    this.pause = pause;
  }

  /** What D1 holds before the migration. */
  record Inspection(
      boolean hasGraph,
      Set<String> graphColumns,
      boolean hasBackup,
      long rows,
      long missingMirrors,
      long divergentPairs) {}

  SchemaMigrator.Plan plan(Inspection inspection) {
    List<D1Statement> statements = new ArrayList<>();
    if (!inspection.hasGraph()) {
      statements.add(D1Statement.of(GraphSql.CREATE_TABLE));
      GraphSql.CREATE_INDEXES.forEach(sql -> statements.add(D1Statement.of(sql)));
      return new SchemaMigrator.Plan(statements, "created memory_graph with its indexes");
    }
    Set<String> columns = inspection.graphColumns();
    if (columns.containsAll(VERSIONED_COLUMNS)) {
      GraphSql.CREATE_INDEXES.forEach(sql -> statements.add(D1Statement.of(sql)));
      statements.add(syncCounter());
      return new SchemaMigrator.Plan(
          statements, "memory_graph already versioned; indexes and counter checked");
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
    return new SchemaMigrator.Plan(
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

  static D1Statement syncCounter() {
    return D1Statement.of(
        "UPDATE sync_counter SET value = MAX(value,"
            + " (SELECT COALESCE(MAX(change_seq), 0) FROM memory_graph)) WHERE name = ?",
        GraphSql.COUNTER_NAME);
  }

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

  /** What D1 holds now; asks again while D1 shows the table but not yet its columns. */
  Inspection inspect() {
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
        pause.run();
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
}
