package io.hybridgraph.app.cli;

import io.hybridgraph.app.Application;
import io.hybridgraph.app.view.Views;
import io.hybridgraph.sync.port.in.DriftReport;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code drift check [--repair]}. */
@Command(
    name = "drift",
    mixinStandardHelpOptions = true,
    description = "Compare this device with the cloud.",
    subcommands = {DriftCommand.Check.class})
final class DriftCommand {

  @ParentCommand RootCommand root;

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = "Compare this device with the cloud; with --repair, make them equal.")
  static final class Check implements Callable<Integer> {
    @ParentCommand DriftCommand parent;
    @Spec CommandSpec spec;

    @Option(names = "--repair", description = "Repair the differences found.")
    boolean repair;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Application app = SyncCommand.openForSync(parent.root)) {
        DriftReport report = app.sync().checkDrift(repair);
        if (json) {
          Output.json(out, Views.driftReport(report));
        } else {
          out.printf(
              Locale.ROOT,
              "%d of %d buckets differ; %d rows read, %d pushed, %d merged%s%n",
              report.bucketsDiffering(),
              report.bucketsCompared(),
              report.rowsRead(),
              report.pushed(),
              report.merged(),
              report.repaired()
                  ? "; repaired"
                  : report.bucketsDiffering() > 0 ? "; run with --repair to fix" : "");
          out.flush();
        }
        return report.bucketsDiffering() == 0 || report.repaired() ? 0 : 1;
      }
    }
  }
}
