package io.hybridgraph.app.http;

import io.hybridgraph.domain.service.GraphService;

/**
 * What the layering rules forbid, kept as a test fixture to show that they catch it: an HTTP route
 * holding the domain's graph service instead of a use case.
 */
public final class ServiceHoldingRoute {

  private final GraphService graph;

  public ServiceHoldingRoute(GraphService graph) {
    this.graph = graph;
  }

  public GraphService graph() {
    return graph;
  }
}
