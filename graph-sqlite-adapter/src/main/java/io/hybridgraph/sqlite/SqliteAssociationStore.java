package io.hybridgraph.sqlite;

import io.hybridgraph.domain.graph.GraphStatistics;
import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.Direction;
import io.hybridgraph.domain.model.EdgeOrientation;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.out.AssociationStore;
import io.hybridgraph.domain.replica.DeviceReplica;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@link AssociationStore} on this device's view, {@code memory_graph}: reads the visible
 * associations there, skipping rows the domain does not model (entity links, unknown or empty
 * types) and rows that cannot be read, which never cause an error. Writes go to the domain's {@link
 * DeviceReplica}, which applies the write rule and has the pair-writing transaction change the
 * replicated state, the view and the outbox together.
 */
final class SqliteAssociationStore implements AssociationStore {

  /** The view's rows of a modelled type, as SQL (a NULL type is the column's default). */
  static final String MODELLED =
      "lower(trim(coalesce(relationship_type, 'related')))"
          + " IN ('related', 'contradicts', 'causes', 'fixes', 'supports', 'follows')";

  private final SqliteSession session;
  private final Statements sql;
  private final DeviceReplica replica;

  SqliteAssociationStore(SqliteSession session, DeviceReplica replica) {
    this.session = session;
    this.sql = session.sql();
    this.replica = replica;
  }

  @Override
  public Association store(Association association) {
    return replica.store(association);
  }

  @Override
  public boolean delete(MemoryHash a, MemoryHash b) {
    return replica.delete(a, b);
  }

  @Override
  public int deleteMemory(MemoryHash memory) {
    return replica.deleteMemory(memory);
  }

  @Override
  public Optional<Association> get(RowKey key) {
    return session.query(() -> readable(key));
  }

  @Override
  public Map<RowKey, Association> getAll(Collection<RowKey> keys) {
    return session.query(
        () -> {
          Map<RowKey, Association> found = new LinkedHashMap<>();
          for (RowKey key : keys) {
            readable(key).ifPresent(association -> found.put(key, association));
          }
          return found;
        });
  }

  private Optional<Association> readable(RowKey key) throws SQLException {
    sql.selectAssociation.setString(1, key.source().value());
    sql.selectAssociation.setString(2, key.target().value());
    try (ResultSet rs = sql.selectAssociation.executeQuery()) {
      return rs.next() && ViewRow.read(rs) instanceof ViewRow.Readable readable
          ? Optional.of(readable.association())
          : Optional.empty();
    }
  }

  @Override
  public List<Association> associationsOf(
      MemoryHash memory, Direction direction, Set<RelationshipType> types) {
    return session.query(
        () -> {
          List<Association> found = new ArrayList<>();
          sql.associationsFrom.setString(1, memory.value());
          for (Association a : readable(sql.associationsFrom)) {
            EdgeOrientation orientation =
                a.isSymmetric() ? EdgeOrientation.SYMMETRIC : EdgeOrientation.OUTGOING;
            if (direction.follows(orientation) && (types.isEmpty() || types.contains(a.type()))) {
              found.add(a);
            }
          }
          if (direction != Direction.OUTGOING) {
            sql.directedInto.setString(1, memory.value());
            for (Association a : readable(sql.directedInto)) {
              if (!a.isSymmetric() && (types.isEmpty() || types.contains(a.type()))) {
                found.add(a);
              }
            }
          }
          found.sort((x, y) -> x.key().compareTo(y.key()));
          return found;
        });
  }

  /** The readable associations a bound statement finds; other rows are skipped. */
  private static List<Association> readable(PreparedStatement ps) throws SQLException {
    List<Association> rows = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        if (ViewRow.read(rs) instanceof ViewRow.Readable readable) {
          rows.add(readable.association());
        }
      }
    }
    return rows;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Relationships and memories count the rows of modelled types between two different memories;
   * rows of other types are counted per type as written, as kept local; {@code rows} counts every
   * row of {@code memory_graph}.
   */
  @Override
  public GraphStatistics statistics() {
    return session.query(
        () -> {
          Map<RelationshipType, Long> byType = new EnumMap<>(RelationshipType.class);
          Map<String, Long> keptLocal = new TreeMap<>();
          long rows = 0;
          long symmetric = 0;
          long directed = 0;
          try (Statement st = session.connection().createStatement();
              ResultSet rs =
                  st.executeQuery(
                      "SELECT coalesce(relationship_type, 'related'), count(*),"
                          + " sum(source_hash < target_hash), sum(source_hash <> target_hash)"
                          + " FROM memory_graph GROUP BY 1")) {
            while (rs.next()) {
              String typeText = rs.getString(1);
              long count = rs.getLong(2);
              rows += count;
              if (!ViewRow.isModelled(typeText)) {
                keptLocal.merge(typeText, count, Long::sum);
                continue;
              }
              RelationshipType type = RelationshipType.parse(typeText);
              long relationships = type.isSymmetric() ? rs.getLong(3) : rs.getLong(4);
              byType.merge(type, relationships, Long::sum);
              if (type.isSymmetric()) {
                symmetric += relationships;
              } else {
                directed += relationships;
              }
            }
          }
          long memories =
              session.count(
                  "SELECT count(*) FROM (SELECT source_hash FROM memory_graph WHERE "
                      + MODELLED
                      + " UNION SELECT target_hash FROM memory_graph WHERE "
                      + MODELLED
                      + ")");
          return new GraphStatistics(
              symmetric + directed, rows, memories, symmetric, directed, byType, keptLocal);
        });
  }
}
