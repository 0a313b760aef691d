package io.hybridgraph.app.cli;

import io.hybridgraph.app.Doctor;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code doctor}: checks the setup and says what to fix; exits 1 when a check fails. */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description = "Check the configuration, the SQLite file and the cloud, and say what to fix.")
final class DoctorCommand implements Callable<Integer> {

  @ParentCommand RootCommand root;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Map<String, String> env;
    try {
      env = root.environment();
    } catch (IllegalArgumentException e) {
      spec.commandLine().getOut().println("[FAIL] environment file: " + e.getMessage());
      spec.commandLine().getOut().flush();
      return 1;
    }
    return new Doctor(spec.commandLine().getOut()).run(env) == 0 ? 0 : 1;
  }
}
