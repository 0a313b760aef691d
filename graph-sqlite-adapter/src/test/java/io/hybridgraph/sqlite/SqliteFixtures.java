package io.hybridgraph.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Raw JDBC access to a SQLite file, as another program (the Python service) would use it. */
final class SqliteFixtures {

  private SqliteFixtures() {}

  static Connection connect(Path file) throws SQLException {
    Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
    try (Statement st = connection.createStatement()) {
      st.execute("PRAGMA busy_timeout = 5000");
      st.execute("PRAGMA synchronous = NORMAL");
    }
    return connection;
  }

  static void execute(Path file, String... statements) throws SQLException {
    try (Connection c = connect(file);
        Statement st = c.createStatement()) {
      for (String sql : statements) {
        st.execute(sql);
      }
    }
  }

  /** Every row of a query as text, one string per row with columns joined by '|'. */
  static List<String> rows(Path file, String query) throws SQLException {
    try (Connection c = connect(file);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      List<String> rows = new ArrayList<>();
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          if (i > 1) {
            row.append('|');
          }
          row.append(rs.getString(i));
        }
        rows.add(row.toString());
      }
      return rows;
    }
  }

  static long count(Path file, String query) throws SQLException {
    return Long.parseLong(rows(file, query).get(0));
  }

  /**
   * A database as the Python memory service leaves it: its own tables beside {@code memory_graph}
   * (with {@code relationship_type} when {@code typed}), the indexes, and no Flyway history.
   */
  static void pythonServiceDatabase(Path file, boolean typed) throws SQLException {
    List<String> ddl = new ArrayList<>();
    ddl.add(
        "CREATE TABLE memories (id INTEGER PRIMARY KEY AUTOINCREMENT, content_hash TEXT UNIQUE"
            + " NOT NULL, content TEXT NOT NULL, tags TEXT, memory_type TEXT, metadata TEXT,"
            + " created_at REAL, updated_at REAL, created_at_iso TEXT, updated_at_iso TEXT)");
    ddl.add("CREATE INDEX idx_content_hash ON memories(content_hash)");
    ddl.add("CREATE TABLE metadata (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    ddl.add(
        "CREATE TABLE memory_graph (source_hash TEXT NOT NULL, target_hash TEXT NOT NULL,"
            + " similarity REAL NOT NULL, connection_types TEXT NOT NULL, metadata TEXT,"
            + " created_at REAL NOT NULL"
            + (typed ? ", relationship_type TEXT DEFAULT 'related'" : "")
            + ", PRIMARY KEY (source_hash, target_hash))");
    ddl.add("CREATE INDEX idx_graph_source ON memory_graph(source_hash)");
    ddl.add("CREATE INDEX idx_graph_target ON memory_graph(target_hash)");
    if (typed) {
      ddl.add("CREATE INDEX idx_memory_graph_type ON memory_graph(relationship_type)");
    }
    ddl.add(
        "INSERT INTO memories (content_hash, content, tags, memory_type, metadata, created_at)"
            + " VALUES ('h1', 'first memory', 'a,b', 'note', '{}', 1700000000.5),"
            + " ('h2', 'second memory', 'b', 'note', NULL, 1700000001.5)");
    ddl.add("INSERT INTO metadata (key, value) VALUES ('schema_version', '9.2.0')");
    execute(file, ddl.toArray(String[]::new));
  }
}
