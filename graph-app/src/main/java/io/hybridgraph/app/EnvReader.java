package io.hybridgraph.app;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads typed settings from an environment map, collecting every error with its variable name. */
final class EnvReader {

  private final Map<String, String> env;
  private final List<String> errors = new ArrayList<>();

  EnvReader(Map<String, String> env) {
    this.env = env;
  }

  Optional<String> value(String name) {
    String raw = env.get(name);
    return raw == null || raw.isBlank() ? Optional.empty() : Optional.of(raw.strip());
  }

  void error(String message) {
    errors.add(message);
  }

  List<String> errors() {
    return List.copyOf(errors);
  }

  Optional<Path> path(String name) {
    Optional<String> raw = value(name);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Path.of(raw.get()));
    } catch (InvalidPathException e) {
      errors.add(name + " must be a file system path, was '" + raw.get() + "': " + e.getReason());
      return Optional.empty();
    }
  }

  long integer(String name, long fallback, long min, long max) {
    Optional<String> raw = value(name);
    if (raw.isEmpty()) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(raw.get());
      if (parsed < min || parsed > max) {
        errors.add(name + " must be within [" + min + ", " + max + "], was " + parsed);
        return fallback;
      }
      return parsed;
    } catch (NumberFormatException e) {
      errors.add(name + " must be a whole number, was '" + raw.get() + "'");
      return fallback;
    }
  }

  /** Throws one exception listing every error, prefixed with {@code what}. */
  void throwIfInvalid(String what) {
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(what + ": " + String.join("; ", errors));
    }
  }
}
