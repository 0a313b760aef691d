package io.hybridgraph.it;

/** Bodies of association writes for the HTTP API. */
final class Writes {
  private Writes() {}

  static String association(String source, String target, String type, double similarity) {
    return """
        {"source_hash": "%s", "target_hash": "%s", "similarity": %s,
         "connection_types": ["semantic"], "metadata": {"by": "it"},
         "relationship_type": "%s"}"""
        .formatted(source, target, similarity, type);
  }
}
