package io.hybridgraph.app.cli;

import io.hybridgraph.app.Application;
import io.hybridgraph.app.view.Views;
import io.hybridgraph.sync.port.in.InitialSyncResult;
import io.hybridgraph.sync.port.in.PushReport;
import io.hybridgraph.sync.port.in.SyncDisabledException;
import io.hybridgraph.sync.port.in.SyncEvent;
import io.hybridgraph.sync.port.in.SyncStatus;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code sync initial|force|status|deletions}. */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description = "Control sync with the cloud.",
    subcommands = {
      SyncCommand.Initial.class,
      SyncCommand.Force.class,
      SyncCommand.Status.class,
      ReviewCommands.Deletions.class
    })
final class SyncCommand {

  @ParentCommand RootCommand root;

  /**
   * Opens the application for a command that talks to the cloud and prepares sync (remote schema);
   * when sync is off, fails as a configuration error with the explanation of what to set.
   */
  static Application openForSync(RootCommand root) {
    Application app = root.open();
    try {
      try {
        app.prepareSync();
      } catch (SyncDisabledException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      return app;
    } catch (RuntimeException e) {
      app.close();
      throw e;
    }
  }

  @Command(
      name = "initial",
      mixinStandardHelpOptions = true,
      description = "Upload every local association and download the cloud's, with a progress bar.")
  static final class Initial implements Callable<Integer> {
    @ParentCommand SyncCommand parent;
    @Spec CommandSpec spec;

    @Option(names = "--json", description = "Print the result as JSON (no progress bar).")
    boolean json;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      try (Application app = openForSync(parent.root)) {
        ProgressBar bar = new ProgressBar(out);
        AutoCloseable subscription =
            app.sync()
                .subscribe(
                    event -> {
                      if (!json && event instanceof SyncEvent.Progress p) {
                        bar.show(p);
                      }
                    });
        try {
          InitialSyncResult result;
          try {
            result = app.sync().startInitialSync().join();
          } catch (CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
          }
          bar.finish();
          if (json) {
            Output.json(out, Views.initialResult(result));
          } else {
            out.printf(
                Locale.ROOT,
                "Initial sync done: %d uploaded, %d downloaded, %d rejected in %.1f s%n",
                result.uploaded(),
                result.downloaded(),
                result.rejected(),
                result.elapsed().toMillis() / 1000.0);
            out.flush();
          }
          return result.rejected() == 0 ? 0 : 1;
        } finally {
          subscription.close();
        }
      }
    }
  }

  /** A one-line terminal progress bar redrawn with a carriage return. */
  static final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintWriter out;
    private boolean drawn;

    ProgressBar(PrintWriter out) {
      this.out = out;
    }

    synchronized void show(SyncEvent.Progress p) {
      double fraction =
          p.total() <= 0
              ? (p.finished() ? 1.0 : 0.0)
              : Math.min(1.0, (double) p.done() / p.total());
      int filled = (int) Math.round(fraction * WIDTH);
      String eta =
          p.remaining()
              .map(d -> String.format(Locale.ROOT, ", ~%ds left", d.toSeconds()))
              .orElse("");
      out.printf(
          Locale.ROOT,
          "\r%-8s [%s%s] %3d%% %d/%d rows, %.0f rows/s%s   ",
          p.phase().name().toLowerCase(Locale.ROOT),
          "#".repeat(filled),
          ".".repeat(WIDTH - filled),
          Math.round(fraction * 100),
          p.done(),
          p.total(),
          p.rowsPerSecond(),
          eta);
      if (p.finished()) {
        out.println();
      }
      out.flush();
      drawn = !p.finished();
    }

    synchronized void finish() {
      if (drawn) {
        out.println();
        out.flush();
        drawn = false;
      }
    }
  }

  @Command(
      name = "force",
      mixinStandardHelpOptions = true,
      description = "Push every pending change now, parked ones included.")
  static final class Force implements Callable<Integer> {
    @ParentCommand SyncCommand parent;
    @Spec CommandSpec spec;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Application app = openForSync(parent.root)) {
        PushReport report = app.sync().forceGraphSync();
        if (json) {
          Output.json(out, Views.pushReport(report));
        } else {
          out.printf(
              Locale.ROOT,
              "Pushed %d, parked %d, failed %d, %d still pending%n",
              report.pushed(),
              report.parked(),
              report.failed(),
              report.remaining());
          out.flush();
        }
        return report.failed() == 0 ? 0 : 1;
      }
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "What sync is doing.")
  static final class Status implements Callable<Integer> {
    @ParentCommand SyncCommand parent;
    @Spec CommandSpec spec;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Application app = parent.root.open()) {
        SyncStatus s = app.sync().status();
        var held = app.graph().heldDeletions().heldDeletions();
        long heldAssociations = held.stream().mapToLong(b -> b.associations()).sum();
        long setAside = app.graph().localRows().setAsideCount();
        if (json) {
          Map<String, Object> status = Views.status(s);
          Map<String, Object> deletions = new LinkedHashMap<>();
          deletions.put("batches", held.size());
          deletions.put("associations", heldAssociations);
          status.put("held_deletions", deletions);
          status.put("set_aside_rows", setAside);
          Output.json(out, status);
          return 0;
        }
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"sync", s.enabled() ? "on (" + s.state() + ")" : "off"});
        lines.add(new String[] {"pending", Long.toString(s.pending())});
        lines.add(new String[] {"parked", Long.toString(s.parked())});
        lines.add(
            new String[] {
              "oldest pending", s.oldestPendingAge().map(d -> d.toSeconds() + " s").orElse("-")
            });
        lines.add(new String[] {"last push", s.lastPush().map(Object::toString).orElse("never")});
        lines.add(new String[] {"last pull", s.lastPull().map(Object::toString).orElse("never")});
        lines.add(new String[] {"initial upload", s.initialUploadDone() ? "done" : "not done"});
        lines.add(new String[] {"last error", s.lastError().orElse("-")});
        lines.add(
            new String[] {
              "failures",
              s.consecutiveFailures() == 0
                  ? "-"
                  : s.consecutiveFailures()
                      + " in a row"
                      + s.failingSince().map(since -> " since " + since).orElse("")
            });
        s.heldReason().ifPresent(reason -> lines.add(new String[] {"held", reason}));
        lines.add(
            new String[] {
              "held deletions",
              held.isEmpty()
                  ? "-"
                  : heldAssociations
                      + " in "
                      + held.size()
                      + " batch(es): see 'sync deletions' to release or discard them"
            });
        lines.add(
            new String[] {
              "set aside", setAside == 0 ? "-" : setAside + " unreadable row(s): see 'set-aside'"
            });
        Output.fields(out, lines);
        for (var parked : s.parkedChanges()) {
          out.println("  parked " + parked.key() + ": " + parked.reason());
        }
        out.flush();
        return 0;
      }
    }
  }
}
