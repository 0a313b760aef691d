package io.hybridgraph.app.config;

import io.github.cdimascio.dotenv.Dotenv;
import io.github.cdimascio.dotenv.DotenvEntry;
import io.github.cdimascio.dotenv.DotenvException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment the configuration is read from: the variables of a {@code .env} file, overridden
 * by the process environment (a variable set in the shell wins over the file).
 */
public final class EnvironmentLoader {

  /** The file read when none is named: {@code .env} in the working directory. */
  public static final Path DEFAULT_FILE = Path.of(".env");

  private EnvironmentLoader() {}

  /**
   * Merges {@code file} (when it exists) under {@code processEnv}.
   *
   * @param required whether a missing file is an error (it was named explicitly)
   * @throws IllegalArgumentException when the file is required but missing, or malformed
   */
  public static Map<String, String> load(
      Path file, boolean required, Map<String, String> processEnv) {
    Map<String, String> merged = new HashMap<>();
    if (Files.isRegularFile(file)) {
      Path absolute = file.toAbsolutePath();
      try {
        Dotenv dotenv =
            Dotenv.configure()
                .directory(absolute.getParent().toString())
                .filename(absolute.getFileName().toString())
                .load();
        for (DotenvEntry entry : dotenv.entries(Dotenv.Filter.DECLARED_IN_ENV_FILE)) {
          merged.put(entry.getKey(), entry.getValue());
        }
      } catch (DotenvException e) {
        // dotenv-java's message quotes the line, which may hold a secret: name the file only.
        throw new IllegalArgumentException(
            "the environment file "
                + absolute
                + " is malformed: every line must be NAME=value, a comment (#) or empty");
      }
    } else if (required) {
      throw new IllegalArgumentException(
          "the environment file " + file.toAbsolutePath() + " does not exist");
    }
    merged.putAll(processEnv);
    return merged;
  }
}
