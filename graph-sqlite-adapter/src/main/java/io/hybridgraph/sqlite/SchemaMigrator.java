package io.hybridgraph.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a SQLite file to the current schema with Flyway, recognising databases that the Python
 * memory service created: their {@code memory_graph} already exists without Flyway's history, so
 * the history is baselined at the version that matches what is there and only the missing steps
 * run. Tables of the Python service are never touched.
 */
final class SchemaMigrator {

  static final String HISTORY_TABLE = "graph_schema_history";

  private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);

  private SchemaMigrator() {}

  static MigrateResult migrate(DataSource dataSource) {
    String baseline = detectBaseline(dataSource);
    var configuration =
        Flyway.configure(SchemaMigrator.class.getClassLoader())
            .dataSource(dataSource)
            .locations("classpath:db/migration/graph")
            .table(HISTORY_TABLE)
            .failOnMissingLocations(true);
    if (baseline != null) {
      log.info(
          "Existing database without {}: baselining at version {} and applying the rest",
          HISTORY_TABLE,
          baseline);
      configuration
          .baselineOnMigrate(true)
          .baselineVersion(baseline)
          .baselineDescription("existing memory_graph adopted in place");
    }
    return configuration.load().migrate();
  }

  /**
   * The version an existing database already has, or null when Flyway manages it (or it is empty):
   * 2 when {@code memory_graph} has {@code relationship_type}, 1 when it has the original columns
   * only, 0 when the file holds other tables but no {@code memory_graph}.
   */
  private static String detectBaseline(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      if (tableExists(statement, HISTORY_TABLE)) {
        return null;
      }
      boolean anyTable;
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                  + " AND name NOT LIKE 'sqlite_%'")) {
        anyTable = rs.next() && rs.getInt(1) > 0;
      }
      if (!anyTable) {
        return null;
      }
      if (!tableExists(statement, "memory_graph")) {
        return "0";
      }
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT count(*) FROM pragma_table_info('memory_graph')"
                  + " WHERE name = 'relationship_type'")) {
        return rs.next() && rs.getInt(1) > 0 ? "2" : "1";
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot inspect the database schema: " + e.getMessage(), e);
    }
  }

  private static boolean tableExists(Statement statement, String name) throws SQLException {
    try (ResultSet rs =
        statement.executeQuery(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '" + name + "'")) {
      return rs.next();
    }
  }
}
