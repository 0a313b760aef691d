package io.hybridgraph.app.http;

import io.hybridgraph.app.GraphUseCases;
import io.hybridgraph.app.view.ReviewViews;
import io.hybridgraph.app.view.Views;
import io.hybridgraph.domain.graph.TraversalFilter;
import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.in.ConnectedQuery;
import io.hybridgraph.domain.port.in.PathQuery;
import io.hybridgraph.domain.port.in.SubgraphQuery;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The graph endpoints: store, read and delete associations; connected memories, shortest paths,
 * subgraphs and statistics. Each turns its request into a domain value or query record (whose
 * bounds are the domain's) and calls the use case.
 */
final class GraphRoutes {

  private static final Set<String> FILTER = Set.of("direction", "types");
  private static final Set<String> CONNECTED = Set.of("max_hops", "direction", "types");
  private static final Set<String> PATH = Set.of("from", "to", "max_hops", "direction", "types");
  private static final Set<String> SUBGRAPH = Set.of("radius", "max_nodes", "direction", "types");

  private final GraphUseCases graph;
  private final RequestParser parser;

  GraphRoutes(GraphUseCases graph, RequestParser parser) {
    this.graph = graph;
    this.parser = parser;
  }

  void register(Javalin app) {
    app.post("/api/graph/associations", this::storeAssociation);
    app.get("/api/graph/associations/{source}/{target}", this::getAssociation);
    app.delete("/api/graph/associations/{source}/{target}", this::deleteAssociation);
    app.get("/api/graph/memories/{hash}/associations", this::associationsOf);
    app.delete("/api/graph/memories/{hash}", this::deleteMemory);
    app.get("/api/graph/memories/{hash}/connected", this::connected);
    app.get("/api/graph/memories/{hash}/subgraph", this::subgraph);
    app.get("/api/graph/path", this::path);
    app.get("/api/graph/stats", this::stats);
  }

  private void storeAssociation(Context ctx) {
    RequestParser.onlyParameters(ctx, Set.of());
    Association association = parser.association(parser.json(ctx));
    Association stored = graph.store().store(association);
    ctx.status(201).json(Views.association(stored));
  }

  private static RowKey rowKey(Context ctx) {
    MemoryHash source = RequestParser.hash("source", ctx.pathParam("source"));
    MemoryHash target = RequestParser.hash("target", ctx.pathParam("target"));
    if (source.equals(target)) {
      throw ApiException.badRequest(
          "target", "an association needs two different memories; both are " + source);
    }
    return new RowKey(source, target);
  }

  private void getAssociation(Context ctx) {
    RequestParser.onlyParameters(ctx, Set.of());
    RowKey key = rowKey(ctx);
    Association found =
        graph
            .associations()
            .get(key)
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "target", "no association from " + key.source() + " to " + key.target()));
    ctx.json(Views.association(found));
  }

  private void deleteAssociation(Context ctx) {
    RequestParser.onlyParameters(ctx, Set.of());
    RowKey key = rowKey(ctx);
    if (!graph.delete().delete(key.source(), key.target())) {
      throw ApiException.notFound(
          "target", "nothing stands between " + key.source() + " and " + key.target());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("deleted", true);
    body.put("source_hash", key.source().value());
    body.put("target_hash", key.target().value());
    ctx.json(body);
  }

  private void associationsOf(Context ctx) {
    RequestParser.onlyParameters(ctx, FILTER);
    var direction = RequestParser.direction(ctx);
    var types = RequestParser.types(ctx);
    MemoryHash memory = RequestParser.hash("hash", ctx.pathParam("hash"));
    ctx.json(Views.associations(graph.associations().associationsOf(memory, direction, types)));
  }

  private void deleteMemory(Context ctx) {
    RequestParser.onlyParameters(ctx, Set.of());
    MemoryHash memory = RequestParser.hash("hash", ctx.pathParam("hash"));
    int pairs = graph.delete().deleteMemory(memory);
    ctx.json(Map.of("hash", memory.value(), "deleted_pairs", pairs));
  }

  private void connected(Context ctx) {
    RequestParser.onlyParameters(ctx, CONNECTED);
    int maxHops = RequestParser.intParameter(ctx, "max_hops", 2);
    TraversalFilter filter = RequestParser.filter(ctx);
    MemoryHash memory = RequestParser.hash("hash", ctx.pathParam("hash"));
    ConnectedQuery query = RequestParser.query(() -> new ConnectedQuery(memory, maxHops, filter));
    ctx.json(Views.connected(graph.connected().findConnected(query)));
  }

  private void path(Context ctx) {
    RequestParser.onlyParameters(ctx, PATH);
    String fromText = RequestParser.requiredParameter(ctx, "from");
    String toText = RequestParser.requiredParameter(ctx, "to");
    int maxHops = RequestParser.intParameter(ctx, "max_hops", 5);
    TraversalFilter filter = RequestParser.filter(ctx);
    MemoryHash from = RequestParser.hash("from", fromText);
    MemoryHash to = RequestParser.hash("to", toText);
    PathQuery query = RequestParser.query(() -> new PathQuery(from, to, maxHops, filter));
    ctx.json(
        Views.path(
            graph
                .paths()
                .shortestPath(query)
                .orElseThrow(
                    () ->
                        ApiException.notFound(
                            "to",
                            "no path from "
                                + from
                                + " to "
                                + to
                                + " within "
                                + maxHops
                                + " hops along the allowed edges"))));
  }

  private void subgraph(Context ctx) {
    RequestParser.onlyParameters(ctx, SUBGRAPH);
    int radius = RequestParser.intParameter(ctx, "radius", 2);
    int maxNodes = RequestParser.intParameter(ctx, "max_nodes", 100);
    TraversalFilter filter = RequestParser.filter(ctx);
    MemoryHash memory = RequestParser.hash("hash", ctx.pathParam("hash"));
    SubgraphQuery query =
        RequestParser.query(() -> new SubgraphQuery(memory, radius, maxNodes, filter));
    ctx.json(Views.subgraph(graph.subgraphs().subgraph(query)));
  }

  private void stats(Context ctx) {
    RequestParser.onlyParameters(ctx, Set.of());
    ctx.json(
        ReviewViews.withLocalRows(
            Views.statistics(graph.statistics().statistics()), graph.localRows()));
  }
}
