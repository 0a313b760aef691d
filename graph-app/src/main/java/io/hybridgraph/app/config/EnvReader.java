package io.hybridgraph.app.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads typed settings from an environment map (or a .env file already merged into it), collecting
 * every error with the variable's name instead of stopping at the first, so that one message can
 * list them all ({@link #throwIfInvalid}). A variable that is absent or blank takes the fallback;
 * values are stripped. Each settings class (store, HTTP, sync, D1) reads its own variables with one
 * reader, so every error names the variable where it is read. Not thread-safe.
 */
final class EnvReader {

  private final Map<String, String> env;
  private final List<String> errors = new ArrayList<>();

  EnvReader(Map<String, String> env) {
    this.env = env;
  }

  /** The stripped value, empty when the variable is absent or blank. */
  Optional<String> value(String name) {
    String raw = env.get(name);
    return raw == null || raw.isBlank() ? Optional.empty() : Optional.of(raw.strip());
  }

  /** Records an error found by the caller; the message should name the variable. */
  void error(String message) {
    errors.add(message);
  }

  /** The errors so far, in the order they were found. */
  List<String> errors() {
    return List.copyOf(errors);
  }

  /** {@code true, 1, yes, on} or {@code false, 0, no, off}, in any case. */
  boolean bool(String name, boolean fallback) {
    Optional<String> raw = value(name);
    if (raw.isEmpty()) {
      return fallback;
    }
    switch (raw.get().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> {
        return true;
      }
      case "false", "0", "no", "off" -> {
        return false;
      }
      default -> {
        errors.add(name + " must be true or false, was '" + raw.get() + "'");
        return fallback;
      }
    }
  }

  /** A whole number within {@code [min, max]}. */
  int integer(String name, int fallback, int min, int max) {
    return (int) longInteger(name, fallback, min, max);
  }

  /** A whole number within {@code [min, max]}. */
  long longInteger(String name, long fallback, long min, long max) {
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

  /** A finite number within {@code [min, max]}. */
  double decimal(String name, double fallback, double min, double max) {
    Optional<String> raw = value(name);
    if (raw.isEmpty()) {
      return fallback;
    }
    try {
      double parsed = Double.parseDouble(raw.get());
      if (!Double.isFinite(parsed) || parsed < min || parsed > max) {
        errors.add(name + " must be within [" + min + ", " + max + "], was " + raw.get());
        return fallback;
      }
      return parsed;
    } catch (NumberFormatException e) {
      errors.add(name + " must be a number, was '" + raw.get() + "'");
      return fallback;
    }
  }

  /** A whole number of milliseconds within {@code [min, max]}. */
  Duration millis(String name, Duration fallback, long min, long max) {
    return Duration.ofMillis(longInteger(name, fallback.toMillis(), min, max));
  }

  /** A file system path, empty when the variable is absent or blank. */
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

  /**
   * Throws one exception listing every error, prefixed with {@code what}.
   *
   * @throws IllegalArgumentException {@code what: error; error; ...} when there was any error
   */
  void throwIfInvalid(String what) {
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(what + ": " + String.join("; ", errors));
    }
  }
}
