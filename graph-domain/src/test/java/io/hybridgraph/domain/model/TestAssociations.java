package io.hybridgraph.domain.model;

import java.util.Map;

/** Short ways to build associations in tests. */
public final class TestAssociations {

  private TestAssociations() {}

  public static MemoryHash hash(String value) {
    return MemoryHash.of(value);
  }

  /** An association with default similarity, no connection types and no metadata. */
  public static Association association(String source, String target, RelationshipType type) {
    return association(source, target, type, 0.5, Metadata.empty());
  }

  /** An association whose metadata is {@code {"note": note}}. */
  public static Association association(
      String source, String target, RelationshipType type, String note) {
    return association(source, target, type, 0.5, Metadata.of(Map.of("note", note)));
  }

  public static Association association(
      String source, String target, RelationshipType type, double similarity, Metadata metadata) {
    return new Association(
        hash(source),
        hash(target),
        type,
        Similarity.of(similarity),
        ConnectionTypes.of("semantic"),
        metadata,
        1_700_000_000.0);
  }
}
