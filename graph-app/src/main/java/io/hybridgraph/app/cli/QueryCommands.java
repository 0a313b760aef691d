package io.hybridgraph.app.cli;

import io.hybridgraph.app.Application;
import io.hybridgraph.app.view.ReviewViews;
import io.hybridgraph.app.view.Views;
import io.hybridgraph.domain.graph.ConnectedMemory;
import io.hybridgraph.domain.graph.GraphPath;
import io.hybridgraph.domain.graph.GraphStatistics;
import io.hybridgraph.domain.graph.Subgraph;
import io.hybridgraph.domain.graph.TraversalFilter;
import io.hybridgraph.domain.model.Direction;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.port.in.ConnectedQuery;
import io.hybridgraph.domain.port.in.PathQuery;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** The graph queries of the command line, on the local database. */
final class QueryCommands {

  private QueryCommands() {}

  /** Options shared by the queries that follow edges. */
  abstract static class Query implements Callable<Integer> {
    @ParentCommand RootCommand root;
    @Spec CommandSpec spec;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(
        names = "--direction",
        defaultValue = "both",
        description = "outgoing, incoming or both (default: ${DEFAULT-VALUE}).")
    String direction;

    @Option(
        names = "--types",
        split = ",",
        description =
            "Relationship types to follow (default: all): related, contradicts, causes, fixes, supports, follows.")
    List<String> types = new ArrayList<>();

    TraversalFilter filter() {
      Set<RelationshipType> parsed = EnumSet.noneOf(RelationshipType.class);
      types.forEach(t -> parsed.add(RelationshipType.parse(t)));
      return TraversalFilter.of(Direction.parse(direction), parsed);
    }

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    @Override
    public Integer call() {
      try (Application app = root.open()) {
        return run(app);
      }
    }

    abstract int run(Application app);
  }

  @Command(
      name = "connected",
      mixinStandardHelpOptions = true,
      description = "Memories connected to a memory within a number of hops.")
  static final class Connected extends Query {
    @Parameters(index = "0", paramLabel = "HASH", description = "The memory's content hash.")
    String hash;

    @Option(
        names = "--max-hops",
        defaultValue = "2",
        description = "At most this many hops (1-10, default: ${DEFAULT-VALUE}).")
    int maxHops;

    @Override
    int run(Application app) {
      List<ConnectedMemory> found =
          app.graph()
              .connected()
              .findConnected(new ConnectedQuery(MemoryHash.of("HASH", hash), maxHops, filter()));
      if (json) {
        Output.json(out(), Views.connected(found));
      } else if (found.isEmpty()) {
        out().println("No memories connected to " + hash + " within " + maxHops + " hops.");
        out().flush();
      } else {
        Output.table(
            out(),
            List.of("HASH", "DISTANCE"),
            found.stream()
                .map(c -> List.of(c.memory().value(), Integer.toString(c.distance())))
                .toList());
      }
      return 0;
    }
  }

  @Command(
      name = "path",
      mixinStandardHelpOptions = true,
      description = "A shortest path between two memories.")
  static final class Path extends Query {
    @Parameters(index = "0", paramLabel = "FROM")
    String from;

    @Parameters(index = "1", paramLabel = "TO")
    String to;

    @Option(
        names = "--max-hops",
        defaultValue = "5",
        description = "At most this many hops (1-10, default: ${DEFAULT-VALUE}).")
    int maxHops;

    @Override
    int run(Application app) {
      Optional<GraphPath> path =
          app.graph()
              .paths()
              .shortestPath(
                  new PathQuery(
                      MemoryHash.of("FROM", from), MemoryHash.of("TO", to), maxHops, filter()));
      if (path.isEmpty()) {
        if (json) {
          Output.json(out(), Views.error("TO", "no path from " + from + " to " + to));
        } else {
          out().println("No path from " + from + " to " + to + " within " + maxHops + " hops.");
          out().flush();
        }
        return 1;
      }
      if (json) {
        Output.json(out(), Views.path(path.get()));
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      GraphPath p = path.get();
      for (int i = 0; i < p.memories().size(); i++) {
        rows.add(
            List.of(
                Integer.toString(i),
                p.memories().get(i).value(),
                i == 0 ? "" : p.relationships().get(i - 1).wireName()));
      }
      Output.table(out(), List.of("STEP", "HASH", "VIA"), rows);
      return 0;
    }
  }

  @Command(
      name = "subgraph",
      mixinStandardHelpOptions = true,
      description = "The neighbourhood of a memory: nodes and edges.")
  static final class SubgraphQuery extends Query {
    @Parameters(index = "0", paramLabel = "HASH")
    String hash;

    @Option(
        names = "--radius",
        defaultValue = "2",
        description = "Hops from the centre (1-10, default: ${DEFAULT-VALUE}).")
    int radius;

    @Option(
        names = "--max-nodes",
        defaultValue = "100",
        description = "At most this many nodes (default: ${DEFAULT-VALUE}).")
    int maxNodes;

    @Override
    int run(Application app) {
      Subgraph subgraph =
          app.graph()
              .subgraphs()
              .subgraph(
                  new io.hybridgraph.domain.port.in.SubgraphQuery(
                      MemoryHash.of("HASH", hash), radius, maxNodes, filter()));
      if (json) {
        Output.json(out(), Views.subgraph(subgraph));
        return 0;
      }
      Output.table(
          out(),
          List.of("NODE", "DISTANCE"),
          subgraph.nodes().stream()
              .map(n -> List.of(n.memory().value(), Integer.toString(n.distance())))
              .toList());
      out().println();
      Output.table(
          out(),
          List.of("SOURCE", "TARGET", "TYPE", "SIMILARITY"),
          subgraph.edges().stream()
              .map(
                  e ->
                      List.of(
                          e.source().value(),
                          e.target().value(),
                          e.type().wireName() + (e.directed() ? " ->" : " <->"),
                          Double.toString(e.similarity())))
              .toList());
      if (subgraph.truncated()) {
        out().println("(truncated at " + maxNodes + " nodes)");
        out().flush();
      }
      return 0;
    }
  }

  @Command(
      name = "stats",
      mixinStandardHelpOptions = true,
      description = "Counts over the local graph.")
  static final class Stats implements Callable<Integer> {
    @ParentCommand RootCommand root;
    @Spec CommandSpec spec;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() {
      try (Application app = root.open()) {
        GraphStatistics s = app.graph().statistics().statistics();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
          Output.json(out, ReviewViews.withLocalRows(Views.statistics(s), app.graph().localRows()));
          return 0;
        }
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"relationships", Long.toString(s.relationships())});
        lines.add(new String[] {"rows", Long.toString(s.rows())});
        lines.add(new String[] {"memories", Long.toString(s.memories())});
        lines.add(new String[] {"symmetric", Long.toString(s.symmetricRelationships())});
        lines.add(new String[] {"directed", Long.toString(s.directedRelationships())});
        for (RelationshipType type : RelationshipType.values()) {
          lines.add(
              new String[] {
                "  " + type.wireName(),
                Long.toString(s.relationshipsByType().getOrDefault(type, 0L))
              });
        }
        lines.add(new String[] {"kept local (not synced)", Long.toString(s.keptLocal())});
        new java.util.TreeMap<>(s.keptLocalByType())
            .forEach(
                (type, count) ->
                    lines.add(
                        new String[] {
                          "  " + (type.isEmpty() ? "(no type)" : type), Long.toString(count)
                        }));
        Map<String, Long> held =
            ReviewViews.heldBackCounts(app.graph().localRows().heldBackCounts());
        lines.add(
            new String[] {
              "held back on this device",
              Long.toString(held.values().stream().mapToLong(Long::longValue).sum())
            });
        held.forEach(
            (reason, count) -> {
              if (count > 0) {
                lines.add(new String[] {"  " + reason, Long.toString(count)});
              }
            });
        lines.add(
            new String[] {
              "set aside (unreadable)", Long.toString(app.graph().localRows().setAsideCount())
            });
        Output.fields(out, lines);
        return 0;
      }
    }
  }
}
