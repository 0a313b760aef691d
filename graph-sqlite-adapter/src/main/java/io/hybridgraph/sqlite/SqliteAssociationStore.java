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
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link AssociationStore} on this device's view, {@code memory_graph}: reads the visible
 * associations there. Writes go to the domain's {@link DeviceReplica}, which applies the write rule
 * and has the pair-writing transaction change the replicated state, the view and the outbox
 * together.
 */
final class SqliteAssociationStore implements AssociationStore {

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
    return session.query(
        () -> {
          sql.selectAssociation.setString(1, key.source().value());
          sql.selectAssociation.setString(2, key.target().value());
          try (ResultSet rs = sql.selectAssociation.executeQuery()) {
            return RowCodec.readOptional(rs);
          }
        });
  }

  @Override
  public List<Association> associationsOf(
      MemoryHash memory, Direction direction, Set<RelationshipType> types) {
    return session.query(
        () -> {
          List<Association> found = new ArrayList<>();
          sql.associationsFrom.setString(1, memory.value());
          try (ResultSet rs = sql.associationsFrom.executeQuery()) {
            while (rs.next()) {
              Association a = RowCodec.readAssociation(rs);
              EdgeOrientation orientation =
                  a.isSymmetric() ? EdgeOrientation.SYMMETRIC : EdgeOrientation.OUTGOING;
              if (direction.follows(orientation) && (types.isEmpty() || types.contains(a.type()))) {
                found.add(a);
              }
            }
          }
          if (direction != Direction.OUTGOING) {
            sql.directedInto.setString(1, memory.value());
            try (ResultSet rs = sql.directedInto.executeQuery()) {
              while (rs.next()) {
                Association a = RowCodec.readAssociation(rs);
                if (types.isEmpty() || types.contains(a.type())) {
                  found.add(a);
                }
              }
            }
          }
          found.sort((x, y) -> x.key().compareTo(y.key()));
          return found;
        });
  }

  @Override
  public GraphStatistics statistics() {
    return session.query(
        () -> {
          Map<RelationshipType, Long> byType = new EnumMap<>(RelationshipType.class);
          long rows = 0;
          long symmetric = 0;
          long directed = 0;
          try (Statement st = session.connection().createStatement();
              ResultSet rs =
                  st.executeQuery(
                      "SELECT coalesce(relationship_type, 'related'), count(*),"
                          + " sum(source_hash < target_hash) FROM memory_graph GROUP BY 1")) {
            while (rs.next()) {
              long count = rs.getLong(2);
              rows += count;
              RelationshipType type;
              try {
                type = RelationshipType.parse(rs.getString(1));
              } catch (IllegalArgumentException e) {
                continue;
              }
              long relationships = type.isSymmetric() ? rs.getLong(3) : count;
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
                  "SELECT count(*) FROM (SELECT source_hash FROM memory_graph"
                      + " UNION SELECT target_hash FROM memory_graph)");
          return new GraphStatistics(
              symmetric + directed, rows, memories, symmetric, directed, byType);
        });
  }
}
