package io.hybridgraph.sqlite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Brings a SQLite file to the current schema with Flyway, recognising databases that the Python
 * memory service created: their {@code memory_graph} already exists without Flyway's history, so
 * the history is baselined at the version that matches what is there and only the missing steps
 * run. Tables of the Python service are never touched.
 */
final class SchemaMigrator {

  static final String HISTORY_TABLE = "graph_schema_history";
  private static final String LOCATION = "classpath:db/migration/graph";

  private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);

  private SchemaMigrator() {}

  static MigrateResult migrate(DataSource dataSource) {
    String baseline = detectBaseline(dataSource);
    var configuration = configuration(dataSource);
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
    Flyway flyway = configuration.load();
    MigrationInfoService info = flyway.info();
    MigrationInfo current = info.current();
    int latest = highestResolved(info.all());
    if (current != null
        && current.getVersion() != null
        && Integer.parseInt(current.getVersion().getVersion()) > latest) {
      throw new IllegalStateException(
          "the database was migrated by a newer build of hybrid-graph-sync (schema version "
              + current.getVersion()
              + "; this build knows up to "
              + latest
              + "): run that build or a later one; nothing was changed");
    }
    return flyway.migrate();
  }

  private static FluentConfiguration configuration(DataSource dataSource) {
    return Flyway.configure(SchemaMigrator.class.getClassLoader())
        .dataSource(dataSource)
        .locations(LOCATION)
        .table(HISTORY_TABLE)
        .failOnMissingLocations(true);
  }

  /**
   * The highest migration version this build carries (resolved once, against an empty database).
   */
  static int latestVersion() {
    return Latest.VERSION;
  }

  private static final class Latest {
    static final int VERSION = resolve();

    private static int resolve() {
      SQLiteDataSource empty = new SQLiteDataSource();
      empty.setUrl("jdbc:sqlite::memory:");
      return highestResolved(configuration(empty).load().info().all());
    }
  }

  /**
   * The highest version among migrations this build carries (not those only a database records).
   */
  private static int highestResolved(MigrationInfo[] migrations) {
    int latest = 0;
    for (MigrationInfo info : migrations) {
      if (info.getVersion() != null && info.getState().isResolved()) {
        latest = Math.max(latest, Integer.parseInt(info.getVersion().getVersion()));
      }
    }
    return latest;
  }

  /** What the file holds, read through a read-only connection; a missing file is not created. */
  static DatabaseInspection inspect(Path file) {
    int latest = latestVersion();
    if (!Files.exists(file)) {
      return new DatabaseInspection(
          file, DatabaseInspection.Origin.NEW, 0, latest, 0, nearestDirectoryWritable(file));
    }
    boolean writable = Files.isWritable(file) && nearestDirectoryWritable(file);
    SQLiteConfig readOnly = new SQLiteConfig();
    readOnly.setReadOnly(true);
    readOnly.setBusyTimeout(5_000);
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + file, readOnly.toProperties());
        Statement statement = connection.createStatement()) {
      String baseline = detectBaseline(statement);
      boolean graph = tableExists(statement, "memory_graph");
      long rows = 0;
      if (graph) {
        try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM memory_graph")) {
          rows = rs.next() ? rs.getLong(1) : 0;
        }
      }
      if (tableExists(statement, HISTORY_TABLE)) {
        int version;
        try (ResultSet rs =
            statement.executeQuery(
                "SELECT max(CAST(version AS INTEGER)) FROM "
                    + HISTORY_TABLE
                    + " WHERE success = 1 AND version IS NOT NULL")) {
          version = rs.next() ? rs.getInt(1) : 0;
        }
        long setAside = countIfTable(statement, "graph_sync_set_aside", "");
        long massHeld =
            countIfTable(statement, "graph_sync_held", " WHERE reason = 'mass_deletion'");
        long heldBack =
            countIfTable(statement, "graph_sync_held", " WHERE reason <> 'mass_deletion'");
        return new DatabaseInspection(
            file,
            DatabaseInspection.Origin.GRAPH_STORE,
            version,
            latest,
            rows,
            writable,
            setAside,
            massHeld,
            heldBack);
      }
      if (baseline == null) {
        return new DatabaseInspection(
            file, DatabaseInspection.Origin.NEW, 0, latest, rows, writable);
      }
      return new DatabaseInspection(
          file,
          DatabaseInspection.Origin.FOREIGN,
          Integer.parseInt(baseline),
          latest,
          rows,
          writable);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot read " + file + " as an SQLite database: " + e.getMessage(), e);
    }
  }

  /** Rows of {@code table} matching {@code where}, or 0 when the table does not exist. */
  private static long countIfTable(Statement statement, String table, String where)
      throws SQLException {
    if (!tableExists(statement, table)) {
      return 0;
    }
    try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table + where)) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  private static boolean nearestDirectoryWritable(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    while (dir != null && !Files.exists(dir)) {
      dir = dir.getParent();
    }
    return dir != null && Files.isDirectory(dir) && Files.isWritable(dir);
  }

  /**
   * The version an existing database already has, or null when Flyway manages it (or it is empty):
   * 2 when {@code memory_graph} has {@code relationship_type}, 1 when it has the original columns
   * only, 0 when the file holds other tables but no {@code memory_graph}.
   */
  private static String detectBaseline(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      return detectBaseline(statement);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot inspect the database schema: " + e.getMessage(), e);
    }
  }

  private static String detectBaseline(Statement statement) throws SQLException {
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
  }

  private static boolean tableExists(Statement statement, String name) throws SQLException {
    try (ResultSet rs =
        statement.executeQuery(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '" + name + "'")) {
      return rs.next();
    }
  }
}
