package io.hybridgraph.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.ConnectionTypes;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.model.Similarity;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.version.Hlc;
import io.hybridgraph.domain.version.Version;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes the column forms of associations. Tolerates what the Python service left in the
 * wild: {@code connection_types} as a bare string instead of a JSON list, a NULL or empty {@code
 * metadata}, a NULL {@code relationship_type} (its default, {@code related}).
 */
final class RowCodec {

  /** Columns of a {@code memory_graph} row, in the order {@link #readAssociation} expects. */
  static final String ASSOCIATION_COLUMNS =
      "source_hash, target_hash, relationship_type, similarity, connection_types, metadata,"
          + " created_at";

  /** Columns of a {@code graph_sync_replica} row, in the order {@link #readReplicated} expects. */
  static final String REPLICA_COLUMNS = ASSOCIATION_COLUMNS + ", causal_length, hlc, deleted";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final TypeReference<List<Object>> LIST = new TypeReference<>() {};

  private RowCodec() {}

  /** An association from the current row of a result with {@link #ASSOCIATION_COLUMNS}. */
  static Association readAssociation(ResultSet rs) throws SQLException {
    return readAssociation(rs, 1);
  }

  private static Association readAssociation(ResultSet rs, int first) throws SQLException {
    MemoryHash source = MemoryHash.of("source_hash", rs.getString(first));
    MemoryHash target = MemoryHash.of("target_hash", rs.getString(first + 1));
    String type = rs.getString(first + 2);
    return new Association(
        source,
        target,
        type == null ? RelationshipType.RELATED : RelationshipType.parse(type),
        Similarity.of(rs.getDouble(first + 3)),
        parseConnectionTypes(rs.getString(first + 4)),
        parseMetadata(rs.getString(first + 5)),
        rs.getDouble(first + 6));
  }

  /** A replicated row from the current row of a result with {@link #REPLICA_COLUMNS}. */
  static ReplicatedRow readReplicated(ResultSet rs) throws SQLException {
    Version version = new Version(rs.getLong(8), Hlc.parse(rs.getString(9)));
    if (rs.getInt(10) != 0) {
      return ReplicatedRow.tombstone(RowKey.of(rs.getString(1), rs.getString(2)), version);
    }
    return ReplicatedRow.present(readAssociation(rs, 1), version);
  }

  /** Binds an association's seven columns starting at parameter {@code first}. */
  static int bindAssociation(PreparedStatement ps, int first, Association a) throws SQLException {
    ps.setString(first, a.source().value());
    ps.setString(first + 1, a.target().value());
    ps.setString(first + 2, a.type().wireName());
    ps.setDouble(first + 3, a.similarity().value());
    ps.setString(first + 4, connectionTypesJson(a.connectionTypes()));
    ps.setString(first + 5, a.metadata().toJson());
    ps.setDouble(first + 6, a.createdAt());
    return first + 7;
  }

  /** Binds a replicated row's ten columns starting at parameter {@code first}. */
  static int bindReplicated(PreparedStatement ps, int first, ReplicatedRow row)
      throws SQLException {
    int next;
    if (row.value().isPresent()) {
      next = bindAssociation(ps, first, row.value().get());
    } else {
      ps.setString(first, row.key().source().value());
      ps.setString(first + 1, row.key().target().value());
      for (int i = first + 2; i < first + 7; i++) {
        ps.setNull(i, Types.NULL);
      }
      next = first + 7;
    }
    ps.setLong(next, row.version().causalLength());
    ps.setString(next + 1, row.version().clock().encode());
    ps.setInt(next + 2, row.isTombstone() ? 1 : 0);
    return next + 3;
  }

  static String connectionTypesJson(ConnectionTypes types) {
    try {
      return JSON.writeValueAsString(types.values());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode connection types", e);
    }
  }

  /** A JSON list of strings, or a legacy bare string meaning a list of that one entry. */
  static ConnectionTypes parseConnectionTypes(String text) {
    if (text == null || text.isBlank()) {
      return ConnectionTypes.none();
    }
    String trimmed = text.strip();
    if (!trimmed.startsWith("[")) {
      return ConnectionTypes.of(trimmed);
    }
    try {
      List<Object> values = JSON.readValue(trimmed, LIST);
      List<String> entries = new ArrayList<>(values.size());
      for (Object value : values) {
        if (value != null && !String.valueOf(value).isBlank()) {
          entries.add(String.valueOf(value));
        }
      }
      return ConnectionTypes.of(entries);
    } catch (JsonProcessingException e) {
      return ConnectionTypes.of(trimmed);
    }
  }

  /**
   * A JSON object. NULL or empty text is empty metadata; any other text (a JSON value that is not
   * an object, or not JSON at all) is kept verbatim as a string under {@code legacy_metadata}, the
   * same way the cloud's schema migration upgrades such rows.
   */
  static Metadata parseMetadata(String text) {
    if (text == null || text.isBlank() || text.strip().equals("null")) {
      return Metadata.empty();
    }
    try {
      Object value = JSON.readValue(text, Object.class);
      if (value instanceof Map<?, ?>) {
        return Metadata.of(JSON.readValue(text, MAP));
      }
    } catch (JsonProcessingException e) {
      // not JSON: kept verbatim below
    }
    return Metadata.of(Map.of("legacy_metadata", text));
  }

  static Optional<Association> readOptional(ResultSet rs) throws SQLException {
    return rs.next() ? Optional.of(readAssociation(rs)) : Optional.empty();
  }
}
