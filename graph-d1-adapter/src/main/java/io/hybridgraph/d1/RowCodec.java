package io.hybridgraph.d1;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Converts between {@link ReplicatedRow} and the columns of the remote {@code memory_graph}.
 *
 * <p>A tombstone keeps its key and version and holds neutral values in the data columns (similarity
 * 0, connection types {@code []}, metadata NULL, created_at 0, relationship type NULL). Metadata is
 * stored as its canonical JSON and connection types as a JSON list, so both round-trip exactly.
 * Reading is lenient where the Python service's rows were: a NULL relationship type means {@code
 * related} (the column's default), a bare string in {@code connection_types} is a list of one.
 */
final class RowCodec {

  private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {};

  private final ObjectMapper mapper;

  RowCodec(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  EncodedRow encode(ReplicatedRow row) {
    String source = row.key().source().value();
    String target = row.key().target().value();
    long causalLength = row.version().causalLength();
    String hlc = row.version().clock().encode();
    if (row.value().isEmpty()) {
      return new EncodedRow(source, target, 0.0, "[]", null, 0.0, null, causalLength, hlc, true);
    }
    Association a = row.value().get();
    String connectionTypes;
    try {
      connectionTypes = mapper.writeValueAsString(a.connectionTypes().values());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "connection types of row " + row.key() + " cannot be written as JSON", e);
    }
    return new EncodedRow(
        source,
        target,
        a.similarity().value(),
        connectionTypes,
        a.metadata().toJson(),
        a.createdAt(),
        a.type().wireName(),
        causalLength,
        hlc,
        false);
  }

  /** The result of reading one remote row: the row, or why it cannot be one. */
  record Decoded(
      RowKey key,
      String rawSource,
      String rawTarget,
      long sequence,
      Optional<ReplicatedRow> row,
      String problem) {}

  /** Reads one row of a pull or scan; never throws for bad content (see {@link Decoded}). */
  Decoded decode(Map<String, Object> columns) {
    String source = text(columns.get("source_hash"));
    String target = text(columns.get("target_hash"));
    long sequence = number(columns.get("change_seq")).longValue();
    RowKey key = null;
    try {
      key = RowKey.of(source, target);
      Version version =
          new Version(
              number(columns.get("causal_length")).longValue(),
              Hlc.parse(text(columns.get("hlc"))));
      boolean deleted = number(columns.get("deleted")).longValue() != 0;
      if (deleted) {
        return new Decoded(
            key,
            source,
            target,
            sequence,
            Optional.of(ReplicatedRow.tombstone(key, version)),
            null);
      }
      Object typeValue = columns.get("relationship_type");
      RelationshipType type =
          typeValue == null ? RelationshipType.RELATED : RelationshipType.parse(text(typeValue));
      Association association =
          new Association(
              MemoryHash.of("source_hash", source),
              MemoryHash.of("target_hash", target),
              type,
              Similarity.of(number(columns.get("similarity")).doubleValue()),
              connectionTypes(columns.get("connection_types")),
              metadata(columns.get("metadata")),
              number(columns.get("created_at")).doubleValue());
      return new Decoded(
          key,
          source,
          target,
          sequence,
          Optional.of(ReplicatedRow.present(association, version)),
          null);
    } catch (IllegalArgumentException e) {
      return new Decoded(key, source, target, sequence, Optional.empty(), e.getMessage());
    }
  }

  private ConnectionTypes connectionTypes(Object value) {
    if (value == null) {
      return ConnectionTypes.none();
    }
    String text = text(value);
    if (text.isBlank()) {
      return ConnectionTypes.none();
    }
    JsonNode node;
    try {
      node = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      return ConnectionTypes.of(List.of(text));
    }
    if (node == null || node.isMissingNode()) {
      return ConnectionTypes.none();
    }
    if (!node.isArray()) {
      return ConnectionTypes.of(List.of(node.isTextual() ? node.textValue() : text));
    }
    List<String> values = new ArrayList<>(node.size());
    for (JsonNode entry : node) {
      values.add(entry.isTextual() ? entry.textValue() : entry.toString());
    }
    return ConnectionTypes.of(values);
  }

  private Metadata metadata(Object value) {
    if (value == null) {
      return Metadata.empty();
    }
    String text = text(value);
    if (text.isBlank()) {
      return Metadata.empty();
    }
    try {
      JsonNode node = mapper.readTree(text);
      if (node == null || node.isNull()) {
        return Metadata.empty();
      }
      if (!node.isObject()) {
        throw new IllegalArgumentException("metadata is not a JSON object: " + abbreviate(text));
      }
      return Metadata.of(mapper.convertValue(node, JSON_OBJECT));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("metadata is not valid JSON: " + abbreviate(text), e);
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "...";
  }

  private static String text(Object value) {
    if (value == null) {
      throw new IllegalArgumentException("a required column is NULL");
    }
    return value.toString();
  }

  private static Number number(Object value) {
    if (value instanceof Number n) {
      return n;
    }
    if (value instanceof String s) {
      try {
        return Double.parseDouble(s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("expected a number, got '" + abbreviate(s) + "'");
      }
    }
    throw new IllegalArgumentException("expected a number, got " + value);
  }
}
