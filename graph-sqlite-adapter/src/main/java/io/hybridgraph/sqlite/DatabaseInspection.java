package io.hybridgraph.sqlite;

import java.nio.file.Path;
import java.util.Locale;

/**
 * What a database file holds and what opening it as a graph store would do to it, found without
 * changing the file ({@link SqliteGraphStore#inspect(Path)}).
 *
 * @param file the absolute path inspected
 * @param origin who made the file
 * @param schemaVersion the graph schema version the file has (0 when it has none yet)
 * @param latestVersion the version this build migrates a file to
 * @param rows rows in {@code memory_graph} (0 when the table does not exist)
 * @param writable whether the file (or, when it does not exist yet, its nearest existing directory)
 *     can be written by this user
 */
public record DatabaseInspection(
    Path file, Origin origin, int schemaVersion, int latestVersion, long rows, boolean writable) {

  /** Who made the file. */
  public enum Origin {
    /** The file does not exist or holds no table: opening it creates the schema. */
    NEW,
    /**
     * Tables made by another program (the Python memory service), without this app's schema
     * history: opening it adopts {@code memory_graph} in place and adds this app's tables.
     */
    FOREIGN,
    /** A graph store of this app. */
    GRAPH_STORE
  }

  /** Migrations that opening the file would apply. */
  public int pendingMigrations() {
    return Math.max(0, latestVersion - schemaVersion);
  }

  /**
   * Whether the file was migrated by a newer build than this one, which does not know its schema.
   */
  public boolean newerThanThisBuild() {
    return schemaVersion > latestVersion;
  }

  /** One line for people: what the file is and what the first open would change. */
  public String describe() {
    String rowCount = String.format(Locale.ROOT, "%,d rows in memory_graph", rows);
    return switch (origin) {
      case NEW ->
          "no graph yet; the first start creates the schema (version " + latestVersion + ")";
      case FOREIGN ->
          (schemaVersion == 0
                  ? "tables of another program and no memory_graph"
                  : "a memory_graph made by another program (schema "
                      + schemaVersion
                      + ", "
                      + rowCount
                      + ")")
              + "; the first start adopts it in place and applies "
              + pendingMigrations()
              + " migration(s) up to version "
              + latestVersion
              + ", leaving other tables untouched (back the file up first)";
      case GRAPH_STORE ->
          newerThanThisBuild()
              ? "schema version "
                  + schemaVersion
                  + " is newer than this build knows ("
                  + latestVersion
                  + "), "
                  + rowCount
              : "schema version "
                  + schemaVersion
                  + (pendingMigrations() == 0
                      ? " (current)"
                      : ", " + pendingMigrations() + " migration(s) to apply on the next start")
                  + ", "
                  + rowCount;
    };
  }
}
