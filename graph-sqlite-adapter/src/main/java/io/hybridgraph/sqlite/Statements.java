package io.hybridgraph.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The store's prepared statements, prepared once on its connection. Not thread-safe. */
final class Statements implements AutoCloseable {

  private static final String A = RowCodec.ASSOCIATION_COLUMNS;
  private static final String R = RowCodec.REPLICA_COLUMNS;
  private static final String DIRECTED =
      "coalesce(relationship_type, 'related') NOT IN ('related', 'contradicts')";

  private final List<PreparedStatement> all = new ArrayList<>();

  final PreparedStatement begin;
  final PreparedStatement commit;
  final PreparedStatement rollback;
  final PreparedStatement guardOn;
  final PreparedStatement guardOff;
  final PreparedStatement dataVersion;

  final PreparedStatement selectPair;
  final PreparedStatement selectReplica;
  final PreparedStatement upsertReplica;
  final PreparedStatement replicaKeysBySource;
  final PreparedStatement replicaKeysByTarget;
  final PreparedStatement replicaPageFirst;
  final PreparedStatement replicaPageAfter;

  final PreparedStatement selectAssociation;
  final PreparedStatement upsertView;
  final PreparedStatement deleteView;
  final PreparedStatement logView;
  final PreparedStatement associationsFrom;
  final PreparedStatement directedInto;
  final PreparedStatement keysFirst;
  final PreparedStatement keysAfter;

  final PreparedStatement enqueue;
  final PreparedStatement outboxPeek;
  final PreparedStatement outboxAcknowledge;
  final PreparedStatement outboxRetryLater;
  final PreparedStatement outboxPark;

  final PreparedStatement heldSelect;
  final PreparedStatement heldUpsert;
  final PreparedStatement heldDelete;

  Statements(Connection c) throws SQLException {
    begin = prepare(c, "BEGIN IMMEDIATE");
    commit = prepare(c, "COMMIT");
    rollback = prepare(c, "ROLLBACK");
    guardOn = prepare(c, "INSERT INTO graph_sync_guard (owner) VALUES (1)");
    guardOff = prepare(c, "DELETE FROM graph_sync_guard");
    dataVersion = prepare(c, "PRAGMA data_version");

    selectPair =
        prepare(
            c,
            "SELECT "
                + R
                + " FROM graph_sync_replica WHERE (source_hash = ? AND target_hash = ?)"
                + " OR (source_hash = ? AND target_hash = ?)");
    selectReplica =
        prepare(
            c,
            "SELECT " + R + " FROM graph_sync_replica WHERE source_hash = ? AND target_hash = ?");
    upsertReplica =
        prepare(
            c,
            "INSERT OR REPLACE INTO graph_sync_replica ("
                + R
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    replicaKeysBySource =
        prepare(c, "SELECT source_hash, target_hash FROM graph_sync_replica WHERE source_hash = ?");
    replicaKeysByTarget =
        prepare(c, "SELECT source_hash, target_hash FROM graph_sync_replica WHERE target_hash = ?");
    replicaPageFirst =
        prepare(
            c,
            "SELECT " + R + " FROM graph_sync_replica ORDER BY source_hash, target_hash LIMIT ?");
    replicaPageAfter =
        prepare(
            c,
            "SELECT "
                + R
                + " FROM graph_sync_replica WHERE (source_hash, target_hash) > (?, ?)"
                + " ORDER BY source_hash, target_hash LIMIT ?");

    selectAssociation =
        prepare(c, "SELECT " + A + " FROM memory_graph WHERE source_hash = ? AND target_hash = ?");
    upsertView =
        prepare(c, "INSERT OR REPLACE INTO memory_graph (" + A + ") VALUES (?, ?, ?, ?, ?, ?, ?)");
    deleteView = prepare(c, "DELETE FROM memory_graph WHERE source_hash = ? AND target_hash = ?");
    logView =
        prepare(
            c,
            "INSERT INTO graph_sync_view_log (source_hash, target_hash, logged_at) VALUES (?, ?, ?)");
    associationsFrom = prepare(c, "SELECT " + A + " FROM memory_graph WHERE source_hash = ?");
    directedInto =
        prepare(c, "SELECT " + A + " FROM memory_graph WHERE target_hash = ? AND " + DIRECTED);
    keysFirst =
        prepare(
            c,
            "SELECT source_hash, target_hash FROM memory_graph"
                + " ORDER BY source_hash, target_hash LIMIT ?");
    keysAfter =
        prepare(
            c,
            "SELECT source_hash, target_hash FROM memory_graph"
                + " WHERE (source_hash, target_hash) > (?, ?)"
                + " ORDER BY source_hash, target_hash LIMIT ?");

    enqueue =
        prepare(
            c,
            "INSERT OR REPLACE INTO graph_sync_outbox (source_hash, target_hash, enqueued_at)"
                + " VALUES (?1, ?2, coalesce((SELECT enqueued_at FROM graph_sync_outbox"
                + " WHERE source_hash = ?3 AND target_hash = ?4), ?5))");
    outboxPeek =
        prepare(
            c,
            "SELECT seq, source_hash, target_hash, enqueued_at, attempts, last_error"
                + " FROM graph_sync_outbox WHERE parked_at IS NULL AND next_attempt_at <= ?"
                + " ORDER BY seq LIMIT ?");
    outboxAcknowledge = prepare(c, "DELETE FROM graph_sync_outbox WHERE seq = ?");
    outboxRetryLater =
        prepare(
            c,
            "UPDATE graph_sync_outbox SET attempts = attempts + 1, last_error = ?,"
                + " next_attempt_at = ? WHERE seq = ?");
    outboxPark =
        prepare(c, "UPDATE graph_sync_outbox SET last_error = ?, parked_at = ? WHERE seq = ?");

    heldSelect =
        prepare(
            c,
            "SELECT reason, awaiting, batch FROM graph_sync_held"
                + " WHERE source_hash = ? AND target_hash = ?");
    heldUpsert =
        prepare(
            c,
            "INSERT OR REPLACE INTO graph_sync_held (source_hash, target_hash, reason, awaiting,"
                + " batch, held_at) VALUES (?, ?, ?, ?, ?, ?)");
    heldDelete =
        prepare(c, "DELETE FROM graph_sync_held WHERE source_hash = ? AND target_hash = ?");
  }

  private PreparedStatement prepare(Connection c, String sql) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    all.add(ps);
    return ps;
  }

  @Override
  public void close() throws SQLException {
    for (PreparedStatement ps : all) {
      ps.close();
    }
  }
}
