package io.hybridgraph.it;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * SQLite files made on the host the way the Python memory service makes them: its tables ({@code
 * memories}, {@code metadata}, {@code memory_graph} with {@code relationship_type} and its indexes,
 * as in graph-sqlite-adapter's {@code SqliteFixtures.pythonServiceDatabase}) and rows written
 * straight into {@code memory_graph}.
 */
final class PythonDatabases {
  private PythonDatabases() {}

  /** One row of {@code memory_graph} as the Python service writes it. */
  record Row(
      String source,
      String target,
      double similarity,
      String connectionTypes,
      String metadata,
      double createdAt,
      String relationshipType) {}

  static Connection open(Path file) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file);
  }

  /** Creates the Python service's schema with two memories and its metadata row. */
  static void createSchema(Path file) throws SQLException {
    try (Connection c = open(file);
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE memories (id INTEGER PRIMARY KEY AUTOINCREMENT, content_hash TEXT UNIQUE"
              + " NOT NULL, content TEXT NOT NULL, tags TEXT, memory_type TEXT, metadata TEXT,"
              + " created_at REAL, updated_at REAL, created_at_iso TEXT, updated_at_iso TEXT)");
      s.execute("CREATE INDEX idx_content_hash ON memories(content_hash)");
      s.execute("CREATE TABLE metadata (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      s.execute(
          "CREATE TABLE memory_graph (source_hash TEXT NOT NULL, target_hash TEXT NOT NULL,"
              + " similarity REAL NOT NULL, connection_types TEXT NOT NULL, metadata TEXT,"
              + " created_at REAL NOT NULL, relationship_type TEXT DEFAULT 'related',"
              + " PRIMARY KEY (source_hash, target_hash))");
      s.execute("CREATE INDEX idx_graph_source ON memory_graph(source_hash)");
      s.execute("CREATE INDEX idx_graph_target ON memory_graph(target_hash)");
      s.execute("CREATE INDEX idx_memory_graph_type ON memory_graph(relationship_type)");
      s.execute(
          "INSERT INTO memories (content_hash, content, tags, memory_type, metadata, created_at,"
              + " updated_at, created_at_iso, updated_at_iso) VALUES"
              + " ('"
              + Hashes.fresh()
              + "', 'first memory', 'a,b', 'note', '{}', 1700000000.5, 1700000000.5,"
              + " '2023-11-14T22:13:20.5Z', '2023-11-14T22:13:20.5Z'),"
              + " ('"
              + Hashes.fresh()
              + "', 'second memory', 'b', 'note', NULL, 1700000001.5, NULL, NULL, NULL)");
      s.execute(
          "INSERT INTO metadata (key, value) VALUES ('schema_version', '9.2.0'),"
              + " ('embedding_model', 'all-MiniLM-L6-v2')");
    }
  }

  static void insert(Path file, List<Row> rows) throws SQLException {
    try (Connection c = open(file)) {
      c.setAutoCommit(false);
      try (PreparedStatement p =
          c.prepareStatement(
              "INSERT INTO memory_graph (source_hash, target_hash, similarity, connection_types,"
                  + " metadata, created_at, relationship_type) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        int n = 0;
        for (Row r : rows) {
          p.setString(1, r.source());
          p.setString(2, r.target());
          p.setDouble(3, r.similarity());
          p.setString(4, r.connectionTypes());
          p.setString(5, r.metadata());
          p.setDouble(6, r.createdAt());
          p.setString(7, r.relationshipType());
          p.addBatch();
          if (++n % 5_000 == 0) {
            p.executeBatch();
          }
        }
        p.executeBatch();
      }
      c.commit();
    }
  }

  /**
   * {@code associations} associations over fresh memories in the Python service's rows: every third
   * one a symmetric {@code related} relationship (two mirror rows), the others directed ({@code
   * causes}, {@code supports}, {@code follows}, one row each); similarities and timestamps vary,
   * connection types are JSON lists.
   */
  static List<Row> graph(int associations) {
    String[] directed = {"causes", "supports", "follows"};
    List<String> memories = new ArrayList<>();
    int memoryCount = Math.max(4, associations / 2);
    for (int i = 0; i < memoryCount; i++) {
      memories.add(Hashes.fresh());
    }
    List<Row> rows = new ArrayList<>();
    java.util.Set<String> pairs = new java.util.HashSet<>();
    java.util.Random random = new java.util.Random(42);
    int made = 0;
    while (made < associations) {
      String a = memories.get(random.nextInt(memoryCount));
      String b = memories.get(random.nextInt(memoryCount));
      if (a.equals(b) || !pairs.add(a.compareTo(b) < 0 ? a + b : b + a)) {
        continue;
      }
      double similarity = Math.round(random.nextDouble() * 1000) / 1000.0;
      double createdAt = 1_700_000_000 + made + 0.25;
      String metadata = "{\"n\": " + made + "}";
      if (made % 3 == 0) {
        rows.add(new Row(a, b, similarity, "[\"semantic\"]", metadata, createdAt, "related"));
        rows.add(new Row(b, a, similarity, "[\"semantic\"]", metadata, createdAt, "related"));
      } else {
        rows.add(
            new Row(
                a,
                b,
                similarity,
                "[\"temporal\"]",
                metadata,
                createdAt,
                directed[made % directed.length]));
      }
      made++;
    }
    return rows;
  }

  /** Every row of a table, ordered by all its columns, as text (for before/after comparison). */
  static List<String> dump(Path file, String table) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = open(file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY 1, 2")) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder line = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          line.append(rs.getMetaData().getColumnName(i)).append('=').append(rs.getString(i));
          line.append(i < columns ? " | " : "");
        }
        out.add(line.toString());
      }
    }
    return out;
  }

  /** The schema objects of a table ({@code sqlite_master} rows naming it), ordered. */
  static List<String> schemaOf(Path file, String table) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = open(file);
        PreparedStatement p =
            c.prepareStatement(
                "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = ? ORDER BY name")) {
      p.setString(1, table);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
        }
      }
    }
    return out;
  }
}
