/**
 * Graph algorithms over an in-memory adjacency index: connected memories, shortest paths and
 * subgraphs by breadth-first search, and graph statistics.
 */
package io.hybridgraph.domain.graph;
