package io.hybridgraph.sqlite;

import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.out.ChangeOutbox;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@link ChangeOutbox} on {@code graph_sync_outbox}: one entry per row changed on this device and
 * not yet acknowledged by the cloud. Rows are enqueued by the writes that change them, in their
 * transaction ({@link #enqueue}).
 */
final class SqliteChangeOutbox implements ChangeOutbox {

  private final SqliteSession session;
  private final Statements sql;
  private final Clock wall;
  private final SetAside setAside;

  SqliteChangeOutbox(SqliteSession session, SetAside setAside) {
    this.session = session;
    this.sql = session.sql();
    this.wall = session.wall();
    this.setAside = setAside;
  }

  /**
   * Queues a row inside the caller's transaction, replacing a waiting entry of the same row (new
   * sequence, attempts reset) but keeping when it was first enqueued.
   */
  void enqueue(RowKey key) throws SQLException {
    long now = wall.millis();
    sql.enqueue.setString(1, key.source().value());
    sql.enqueue.setString(2, key.target().value());
    sql.enqueue.setString(3, key.source().value());
    sql.enqueue.setString(4, key.target().value());
    sql.enqueue.setLong(5, now);
    sql.enqueue.executeUpdate();
  }

  /**
   * At opening: sets aside every entry whose row no association can have (a self-loop left by an
   * older build), so that the queue's depth is true before anything peeks at it.
   */
  void setAsideUnreadable() throws SQLException {
    List<String[]> unreadable = new ArrayList<>(0);
    try (Statement st = session.connection().createStatement();
        ResultSet rs =
            st.executeQuery("SELECT seq, source_hash, target_hash FROM graph_sync_outbox")) {
      while (rs.next()) {
        try {
          RowKey.of(rs.getString(2), rs.getString(3));
        } catch (IllegalArgumentException e) {
          unreadable.add(
              new String[] {
                Long.toString(rs.getLong(1)), rs.getString(2), rs.getString(3), e.getMessage()
              });
        }
      }
    }
    for (String[] bad : unreadable) {
      setAside.outboxEntry(Long.parseLong(bad[0]), bad[1], bad[2], bad[3]);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>An entry whose row no association can have (a self-loop left by an older build) leaves the
   * queue and is set aside.
   */
  @Override
  public List<Entry> peekDue(int limit, long nowMillis) {
    Keyset.requirePositive(limit);
    return session.query(
        () -> {
          List<Entry> entries = new ArrayList<>();
          while (true) {
            List<String[]> unreadable = new ArrayList<>(0);
            sql.outboxPeek.setLong(1, nowMillis);
            sql.outboxPeek.setInt(2, limit);
            try (ResultSet rs = sql.outboxPeek.executeQuery()) {
              while (rs.next()) {
                try {
                  entries.add(
                      new Entry(
                          rs.getLong(1),
                          RowKey.of(rs.getString(2), rs.getString(3)),
                          rs.getLong(4),
                          rs.getInt(5),
                          Optional.ofNullable(rs.getString(6))));
                } catch (IllegalArgumentException e) {
                  unreadable.add(
                      new String[] {
                        Long.toString(rs.getLong(1)),
                        rs.getString(2),
                        rs.getString(3),
                        e.getMessage()
                      });
                }
              }
            }
            if (unreadable.isEmpty()) {
              return entries;
            }
            for (String[] bad : unreadable) {
              setAside.outboxEntry(Long.parseLong(bad[0]), bad[1], bad[2], bad[3]);
            }
            entries.clear();
          }
        });
  }

  @Override
  public void acknowledge(Collection<Entry> entries) {
    forEachEntry(entries, sql.outboxAcknowledge, (ps, entry) -> ps.setLong(1, entry.sequence()));
  }

  @Override
  public void retryLater(Collection<Entry> entries, String reason, long nextAttemptMillis) {
    forEachEntry(
        entries,
        sql.outboxRetryLater,
        (ps, entry) -> {
          ps.setString(1, reason);
          ps.setLong(2, nextAttemptMillis);
          ps.setLong(3, entry.sequence());
        });
  }

  @Override
  public void park(Collection<Entry> entries, String reason) {
    long now = wall.millis();
    forEachEntry(
        entries,
        sql.outboxPark,
        (ps, entry) -> {
          ps.setString(1, reason);
          ps.setLong(2, now);
          ps.setLong(3, entry.sequence());
        });
  }

  @Override
  public int unparkAll() {
    return session.write(
        () -> {
          try (Statement st = session.connection().createStatement()) {
            return SqliteSession.Outcome.of(
                st.executeUpdate(
                    "UPDATE graph_sync_outbox SET parked_at = NULL, attempts = 0,"
                        + " next_attempt_at = 0 WHERE parked_at IS NOT NULL"));
          }
        });
  }

  @Override
  public List<Parked> parked(int limit) {
    Keyset.requirePositive(limit);
    return session.query(
        () -> {
          List<Parked> parked = new ArrayList<>();
          List<String[]> unreadable = new ArrayList<>(0);
          try (PreparedStatement ps =
              session
                  .connection()
                  .prepareStatement(
                      "SELECT source_hash, target_hash, enqueued_at, parked_at, attempts,"
                          + " coalesce(last_error, ''), seq FROM graph_sync_outbox"
                          + " WHERE parked_at IS NOT NULL ORDER BY seq LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                try {
                  parked.add(
                      new Parked(
                          RowKey.of(rs.getString(1), rs.getString(2)),
                          rs.getLong(3),
                          rs.getLong(4),
                          rs.getInt(5),
                          rs.getString(6)));
                } catch (IllegalArgumentException e) {
                  unreadable.add(
                      new String[] {
                        Long.toString(rs.getLong(7)),
                        rs.getString(1),
                        rs.getString(2),
                        e.getMessage()
                      });
                }
              }
            }
          }
          for (String[] bad : unreadable) {
            setAside.outboxEntry(Long.parseLong(bad[0]), bad[1], bad[2], bad[3]);
          }
          return parked;
        });
  }

  @Override
  public Stats stats() {
    return session.query(
        () -> {
          try (Statement st = session.connection().createStatement();
              ResultSet rs =
                  st.executeQuery(
                      "SELECT count(*) - count(parked_at), count(parked_at),"
                          + " min(CASE WHEN parked_at IS NULL THEN enqueued_at END),"
                          + " min(CASE WHEN parked_at IS NULL THEN next_attempt_at END)"
                          + " FROM graph_sync_outbox")) {
            rs.next();
            long oldest = rs.getLong(3);
            OptionalLong oldestPending =
                rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(oldest);
            long next = rs.getLong(4);
            OptionalLong nextAttempt = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(next);
            return new Stats(rs.getLong(1), rs.getLong(2), oldestPending, nextAttempt);
          }
        });
  }

  @Override
  public long depth() {
    return session.query(() -> session.count("SELECT count(*) FROM graph_sync_outbox"));
  }

  @FunctionalInterface
  private interface EntryBinder {
    void bind(PreparedStatement ps, Entry entry) throws SQLException;
  }

  private void forEachEntry(Collection<Entry> entries, PreparedStatement ps, EntryBinder binder) {
    if (entries.isEmpty()) {
      return;
    }
    session.write(
        () -> {
          for (Entry entry : entries) {
            binder.bind(ps, entry);
            ps.addBatch();
          }
          ps.executeBatch();
          return SqliteSession.Outcome.of(null);
        });
  }
}
