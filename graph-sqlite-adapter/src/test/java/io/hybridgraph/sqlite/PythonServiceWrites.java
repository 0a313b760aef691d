package io.hybridgraph.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What the Python memory service writes to a shared file, statement for statement and transaction
 * for transaction as {@code scripts/python-memory-service.py} does it, on a second JDBC connection
 * of its own (the facts are in the project's notes on the Python service).
 */
final class PythonServiceWrites {

  private static final String[] DIRECTED = {"causes", "fixes", "supports", "follows"};

  private final Path file;

  PythonServiceWrites(Path file) {
    this.file = file;
  }

  @FunctionalInterface
  private interface Work {
    void run(Connection c) throws SQLException;
  }

  /** One {@code BEGIN IMMEDIATE ... COMMIT} on a connection of its own. */
  private void transaction(Work work) throws SQLException {
    try (Connection c = SqliteFixtures.connect(file)) {
      try (Statement st = c.createStatement()) {
        st.execute("BEGIN IMMEDIATE");
      }
      try {
        work.run(c);
        try (Statement st = c.createStatement()) {
          st.execute("COMMIT");
        }
      } catch (SQLException | RuntimeException e) {
        try (Statement st = c.createStatement()) {
          st.execute("ROLLBACK");
        }
        throw e;
      }
    }
  }

  /** Its {@code memories} table (with {@code deleted_at}) and the graph migrations. */
  PythonServiceWrites init() throws SQLException {
    transaction(
        c -> {
          try (Statement st = c.createStatement()) {
            st.execute(
                "CREATE TABLE IF NOT EXISTS memories (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " content_hash TEXT UNIQUE NOT NULL, content TEXT NOT NULL, tags TEXT,"
                    + " memory_type TEXT, metadata TEXT, created_at REAL, updated_at REAL,"
                    + " created_at_iso TEXT, updated_at_iso TEXT, deleted_at REAL DEFAULT NULL)");
          }
        });
    startup();
    return this;
  }

  /** Stores memories (rows of {@code memories}), as its memory sync brings them. */
  void addMemories(String... hashes) throws SQLException {
    addTaggedMemories("tagged", hashes);
  }

  /** Stores memories carrying {@code tag}. */
  void addTaggedMemories(String tag, String... hashes) throws SQLException {
    transaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT OR REPLACE INTO memories (content_hash, content, tags, memory_type,"
                      + " metadata, created_at, updated_at, deleted_at)"
                      + " VALUES (?, ?, ?, 'note', '{}', 1.0, 1.0, NULL)")) {
            for (String hash : hashes) {
              ps.setString(1, hash);
              ps.setString(2, "memory " + hash);
              ps.setString(3, tag);
              ps.executeUpdate();
            }
          }
        });
  }

  /** Its graph tool's store: symmetric types as two mirror rows, INSERT OR REPLACE. */
  void store(String source, String target, String type) throws SQLException {
    transaction(
        c -> {
          insertOrReplace(c, source, target, type);
          if (type.equals("related") || type.equals("contradicts")) {
            insertOrReplace(c, target, source, type);
          }
        });
  }

  private static void insertOrReplace(Connection c, String source, String target, String type)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT OR REPLACE INTO memory_graph (source_hash, target_hash, similarity,"
                + " connection_types, metadata, created_at, relationship_type)"
                + " VALUES (?, ?, 0.8, '[\"semantic\"]', '{}', 1700000000.0, ?)")) {
      ps.setString(1, source);
      ps.setString(2, target);
      ps.setString(3, type);
      ps.executeUpdate();
    }
  }

  /** Entity links: one has_entity row per entity name, INSERT OR IGNORE. */
  void entities(String memory, String... names) throws SQLException {
    transaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT OR IGNORE INTO memory_graph (source_hash, target_hash, similarity,"
                      + " connection_types, metadata, created_at, relationship_type)"
                      + " VALUES (?, ?, 1.0, '[\"entity\"]', '{\"entity_type\": \"concept\"}',"
                      + " 1700000000.0, 'has_entity')")) {
            for (String name : names) {
              ps.setString(1, memory);
              ps.setString(2, name);
              ps.executeUpdate();
            }
          }
        });
  }

  /** Its graph tool's delete: both rows of the pair. */
  void deleteAssociation(String a, String b) throws SQLException {
    transaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM memory_graph WHERE (source_hash = ? AND target_hash = ?)"
                      + " OR (source_hash = ? AND target_hash = ?)")) {
            ps.setString(1, a);
            ps.setString(2, b);
            ps.setString(3, b);
            ps.setString(4, a);
            ps.executeUpdate();
          }
        });
  }

  /** Deleting memories: each one's edges, then its soft delete, all in one transaction. */
  void deleteMemories(String... hashes) throws SQLException {
    transaction(
        c -> {
          for (String hash : hashes) {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "DELETE FROM memory_graph WHERE source_hash = ? OR target_hash = ?")) {
              ps.setString(1, hash);
              ps.setString(2, hash);
              ps.executeUpdate();
            }
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE memories SET deleted_at = 2.0, updated_at = 2.0"
                        + " WHERE content_hash = ?")) {
              ps.setString(1, hash);
              ps.executeUpdate();
            }
          }
        });
  }

  /** Consolidation's orphan pruning; the rows it deleted. */
  int pruneOrphans() throws SQLException {
    int[] removed = new int[1];
    transaction(
        c -> {
          try (Statement st = c.createStatement()) {
            removed[0] =
                st.executeUpdate(
                    "DELETE FROM memory_graph WHERE source_hash NOT IN"
                        + " (SELECT content_hash FROM memories WHERE deleted_at IS NULL)"
                        + " OR target_hash NOT IN"
                        + " (SELECT content_hash FROM memories WHERE deleted_at IS NULL)");
          }
        });
    return removed[0];
  }

  /** The graph migrations re-run at every start; the rows migration 010 deleted. */
  int startup() throws SQLException {
    List<Integer> removed = new ArrayList<>();
    transaction(
        c -> {
          try (Statement st = c.createStatement()) {
            st.execute(
                "CREATE TABLE IF NOT EXISTS memory_graph (source_hash TEXT NOT NULL,"
                    + " target_hash TEXT NOT NULL, similarity REAL NOT NULL,"
                    + " connection_types TEXT NOT NULL, metadata TEXT, created_at REAL NOT NULL,"
                    + " relationship_type TEXT DEFAULT 'related',"
                    + " PRIMARY KEY (source_hash, target_hash))");
            st.execute("CREATE INDEX IF NOT EXISTS idx_graph_source ON memory_graph(source_hash)");
            st.execute("CREATE INDEX IF NOT EXISTS idx_graph_target ON memory_graph(target_hash)");
          }
        });
    transaction(
        c -> {
          for (String kind : DIRECTED) {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "DELETE FROM memory_graph WHERE relationship_type = ?"
                        + " AND source_hash > target_hash AND EXISTS (SELECT 1 FROM memory_graph"
                        + " AS m WHERE m.source_hash = memory_graph.target_hash"
                        + " AND m.target_hash = memory_graph.source_hash"
                        + " AND m.relationship_type = ?)")) {
              ps.setString(1, kind);
              ps.setString(2, kind);
              removed.add(ps.executeUpdate());
            }
          }
        });
    return removed.stream().mapToInt(Integer::intValue).sum();
  }
}
