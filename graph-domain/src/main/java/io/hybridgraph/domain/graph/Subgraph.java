package io.hybridgraph.domain.graph;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.ConnectionTypes;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.RelationshipType;
import java.util.List;
import java.util.Objects;

/**
 * The neighbourhood of a memory for visualisation: its nodes with their distance from the centre,
 * and the edges among them, each symmetric relationship once. {@code truncated} says the node cap
 * stopped the expansion before the radius was exhausted.
 */
public record Subgraph(MemoryHash center, List<Node> nodes, List<Edge> edges, boolean truncated) {

  public Subgraph {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
  }

  /** A memory in the subgraph, {@code distance} hops from the centre. */
  public record Node(MemoryHash memory, int distance) {}

  /**
   * An edge among the subgraph's nodes, with the association's connection types and metadata. For a
   * symmetric relationship {@code source < target} and {@code directed} is false.
   */
  public record Edge(
      MemoryHash source,
      MemoryHash target,
      RelationshipType type,
      double similarity,
      boolean directed,
      ConnectionTypes connectionTypes,
      Metadata metadata) {

    public Edge {
      Objects.requireNonNull(connectionTypes, "connection types");
      Objects.requireNonNull(metadata, "metadata");
    }

    /** An edge without connection types or metadata. */
    public Edge(
        MemoryHash source,
        MemoryHash target,
        RelationshipType type,
        double similarity,
        boolean directed) {
      this(source, target, type, similarity, directed, ConnectionTypes.none(), Metadata.empty());
    }

    /** This edge with the connection types and metadata of the association it stands for. */
    public Edge withDetailsOf(Association association) {
      return new Edge(
          source,
          target,
          type,
          similarity,
          directed,
          association.connectionTypes(),
          association.metadata());
    }
  }
}
