package io.hybridgraph.app;

import io.hybridgraph.app.cli.RootCommand;
import java.util.Set;

/**
 * The entry point of {@code hybrid-graph-sync.jar}: runs the command line and exits with its code.
 */
public final class Main {

  /** Read by logback.xml; commands other than {@code serve} log warnings only. */
  static final String LOG_LEVEL_PROPERTY = "hybrid.graph.log.level";

  private static final Set<String> SERVING = Set.of("serve");

  private Main() {}

  public static void main(String[] args) {
    // Before the first logger is created, so that logback reads it.
    if (System.getProperty(LOG_LEVEL_PROPERTY) == null && !servesOrDefaults(args)) {
      System.setProperty(LOG_LEVEL_PROPERTY, "WARN");
    }
    System.exit(RootCommand.commandLine(System.getenv()).execute(args));
  }

  /** Whether the command is {@code serve}, or none (which serves). */
  private static boolean servesOrDefaults(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--env-file")) {
        i++;
      } else if (!args[i].startsWith("-")) {
        return SERVING.contains(args[i]);
      }
    }
    return true;
  }
}
