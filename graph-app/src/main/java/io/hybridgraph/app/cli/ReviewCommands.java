package io.hybridgraph.app.cli;

import io.hybridgraph.app.Application;
import io.hybridgraph.app.view.ReviewViews;
import io.hybridgraph.domain.port.in.ReviewHeldDeletionsUseCase;
import io.hybridgraph.domain.port.out.HeldDeletions;
import io.hybridgraph.domain.port.out.SetAsideRows;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What a person reviews on this device from the command line: {@code sync deletions} (deletions
 * held by the mass-deletion guard: list, release, discard) and {@code set-aside} (rows that could
 * not be read: list, remove). They work on the local database whether sync is on or off.
 */
final class ReviewCommands {

  private ReviewCommands() {}

  /** {@code sync deletions [list|release BATCH|discard BATCH]}. */
  @Command(
      name = "deletions",
      mixinStandardHelpOptions = true,
      description =
          "Deletions another program made at once that the mass-deletion guard held back:"
              + " list them, release them (replicated as yours) or discard them (rows come back).",
      subcommands = {Deletions.Release.class, Deletions.Discard.class})
  static final class Deletions implements Callable<Integer> {
    @ParentCommand SyncCommand sync;
    @Spec CommandSpec spec;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Application app = sync.root.open()) {
        ReviewHeldDeletionsUseCase review = app.graph().heldDeletions();
        List<HeldDeletions.Batch> batches = review.heldDeletions();
        if (json) {
          Output.json(
              out,
              batches.stream()
                  .map(b -> ReviewViews.heldDeletion(b, review.heldRows(b.id(), 20)))
                  .toList());
          return 0;
        }
        if (batches.isEmpty()) {
          out.println("No deletions are held.");
          out.flush();
          return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        for (HeldDeletions.Batch b : batches) {
          rows.add(
              List.of(
                  Long.toString(b.id()),
                  Instant.ofEpochMilli(b.heldAtMillis()).toString(),
                  b.associations() + " of " + b.graphAssociations(),
                  Long.toString(b.rows())));
        }
        Output.table(out, List.of("BATCH", "HELD AT", "ASSOCIATIONS", "ROWS"), rows);
        out.println(
            "Release with 'sync deletions release BATCH', discard with 'sync deletions discard"
                + " BATCH'.");
        out.flush();
        return 0;
      }
    }

    /** Runs release or discard on one batch; exit code 1 when there is no such batch. */
    abstract static class Action implements Callable<Integer> {
      @ParentCommand Deletions deletions;
      @Spec CommandSpec spec;

      @Parameters(index = "0", paramLabel = "BATCH", description = "The batch, as listed.")
      long batch;

      @Option(names = "--json", description = "Print JSON.")
      boolean json;

      abstract int apply(ReviewHeldDeletionsUseCase review, long batch);

      abstract String verb();

      abstract String pastTense();

      @Override
      public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Application app = deletions.sync.root.open()) {
          int rows = apply(app.graph().heldDeletions(), batch);
          if (json) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("batch", batch);
            body.put(verb() + "_rows", rows);
            Output.json(out, body);
          } else if (rows == 0) {
            out.println("No held deletion batch " + batch + ".");
          } else {
            out.println("Batch " + batch + ": " + rows + " row(s) " + pastTense() + ".");
          }
          out.flush();
          return rows == 0 ? 1 : 0;
        }
      }
    }

    @Command(
        name = "release",
        mixinStandardHelpOptions = true,
        description = "Replicate a held batch's deletions to every device, as your own.")
    static final class Release extends Action {
      @Override
      int apply(ReviewHeldDeletionsUseCase review, long batch) {
        return review.releaseDeletions(batch);
      }

      @Override
      String verb() {
        return "released";
      }

      @Override
      String pastTense() {
        return "released: they are queued for sync";
      }
    }

    @Command(
        name = "discard",
        mixinStandardHelpOptions = true,
        description = "Drop a held batch's deletions: its rows come back on this device.")
    static final class Discard extends Action {
      @Override
      int apply(ReviewHeldDeletionsUseCase review, long batch) {
        return review.discardDeletions(batch);
      }

      @Override
      String verb() {
        return "restored";
      }

      @Override
      String pastTense() {
        return "restored on this device";
      }
    }
  }

  /** {@code set-aside [remove ID]}. */
  @Command(
      name = "set-aside",
      mixinStandardHelpOptions = true,
      description =
          "Rows set aside because they could not be read (they never stop the store, a query or"
              + " sync): list them, or remove one for good.",
      subcommands = {SetAside.Remove.class})
  static final class SetAside implements Callable<Integer> {
    @ParentCommand RootCommand root;
    @Spec CommandSpec spec;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(
        names = "--limit",
        defaultValue = "100",
        description = "List at most this many (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
      if (limit < 1) {
        throw new IllegalArgumentException("--limit must be at least 1, was " + limit);
      }
      PrintWriter out = spec.commandLine().getOut();
      try (Application app = root.open()) {
        List<SetAsideRows.Entry> entries = app.graph().localRows().setAsideRows(limit);
        if (json) {
          Output.json(out, entries.stream().map(ReviewViews::setAside).toList());
          return 0;
        }
        if (entries.isEmpty()) {
          out.println("No rows are set aside.");
          out.flush();
          return 0;
        }
        Output.table(
            out,
            List.of("ID", "FROM", "SOURCE", "TARGET", "REASON"),
            entries.stream()
                .map(
                    e ->
                        List.of(
                            Long.toString(e.id()),
                            e.origin().name().toLowerCase(java.util.Locale.ROOT),
                            e.source(),
                            e.target(),
                            e.reason()))
                .toList());
        out.println("Remove one with 'set-aside remove ID'.");
        out.flush();
        return 0;
      }
    }

    @Command(
        name = "remove",
        mixinStandardHelpOptions = true,
        description = "Remove a set-aside row for good (a row of memory_graph is deleted there).")
    static final class Remove implements Callable<Integer> {
      @ParentCommand SetAside parent;
      @Spec CommandSpec spec;

      @Parameters(index = "0", paramLabel = "ID", description = "The row, as listed.")
      long id;

      @Override
      public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Application app = parent.root.open()) {
          boolean removed = app.graph().localRows().removeSetAside(id);
          out.println(
              removed ? "Removed set-aside row " + id + "." : "No set-aside row " + id + ".");
          out.flush();
          return removed ? 0 : 1;
        }
      }
    }
  }
}
