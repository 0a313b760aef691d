package io.hybridgraph.domain.model;

/** How an edge relates to the memory it is seen from. */
public enum EdgeOrientation {
  /** A directed edge from this memory. */
  OUTGOING,
  /** A directed edge into this memory. */
  INCOMING,
  /** A symmetric relationship. */
  SYMMETRIC
}
