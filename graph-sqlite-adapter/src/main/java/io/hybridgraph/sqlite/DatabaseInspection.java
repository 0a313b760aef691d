package io.hybridgraph.sqlite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

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
 * @param setAsideRows rows that could not be read, set aside (0 before schema version 6)
 * @param heldDeletions rows whose deletion the mass-deletion guard holds, waiting to be released or
 *     discarded
 * @param heldBack other rows this device's view holds back (a memory not arrived yet, the Python
 *     service's housekeeping, a place taken by a row kept local)
 */
public record DatabaseInspection(
    Path file,
    Origin origin,
    int schemaVersion,
    int latestVersion,
    long rows,
    boolean writable,
    long setAsideRows,
    long heldDeletions,
    long heldBack) {

  /** What a file holds before any row was set aside or held. */
  public DatabaseInspection(
      Path file, Origin origin, int schemaVersion, int latestVersion, long rows, boolean writable) {
    this(file, origin, schemaVersion, latestVersion, rows, writable, 0, 0, 0);
  }

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

  /**
   * One line for people about rows set aside or held on this device, or empty when there are none.
   */
  public Optional<String> attention() {
    List<String> parts = new ArrayList<>();
    if (setAsideRows > 0) {
      parts.add(setAsideRows + " unreadable row(s) set aside (list and remove them)");
    }
    if (heldDeletions > 0) {
      parts.add(
          heldDeletions
              + " row deletion(s) held by the mass-deletion guard (release or discard them)");
    }
    if (heldBack > 0) {
      parts.add(
          heldBack
              + " row(s) held back from memory_graph until their memories arrive or the Python"
              + " service's housekeeping no longer applies");
    }
    return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", parts));
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
