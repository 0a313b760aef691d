package io.hybridgraph.sqlite;

import io.hybridgraph.domain.port.out.SyncStateStore;
import io.hybridgraph.domain.version.DeviceId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * {@link SyncStateStore} on {@code graph_sync_state}, the table of small named values beside the
 * graph: sync's cursors and checkpoints, and the store's own device id and import mark.
 */
final class SqliteSyncState implements SyncStateStore {

  private static final String DEVICE_ID = "device_id";

  private final SqliteSession session;

  SqliteSyncState(SqliteSession session) {
    this.session = session;
  }

  @Override
  public Optional<String> get(String name) {
    return session.query(() -> read(session.connection(), name));
  }

  @Override
  public void put(String name, String value) {
    session.write(
        () -> {
          write(session.connection(), name, value);
          return SqliteSession.Outcome.of(null);
        });
  }

  /**
   * This device's id: the configured one (stored when it differs from the stored one), else the
   * stored one, else a new random id, stored.
   */
  static DeviceId deviceId(Connection connection, Optional<DeviceId> configured)
      throws SQLException {
    Optional<String> stored = read(connection, DEVICE_ID);
    if (configured.isPresent()) {
      if (stored.isEmpty() || !stored.get().equals(configured.get().value())) {
        write(connection, DEVICE_ID, configured.get().value());
      }
      return configured.get();
    }
    if (stored.isPresent()) {
      return new DeviceId(stored.get());
    }
    DeviceId created = DeviceId.random();
    write(connection, DEVICE_ID, created.value());
    return created;
  }

  static Optional<String> read(Connection connection, String name) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT value FROM graph_sync_state WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  static void write(Connection connection, String name, String value) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO graph_sync_state (name, value) VALUES (?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET value = excluded.value")) {
      ps.setString(1, name);
      ps.setString(2, value);
      ps.executeUpdate();
    }
  }
}
