package io.hybridgraph.sync;

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
 * values are stripped. Each settings class (sync here, the store, HTTP and D1 in the application)
 * reads its own variables with one reader. Not thread-safe.
 */
public final class EnvReader {

  private final Map<String, String> env;
  private final List<String> errors = new ArrayList<>();

  public EnvReader(Map<String, String> env) {
    this.env = env;
  }

  /** The stripped value, empty when the variable is absent or blank. */
  public Optional<String> value(String name) {
    String raw = env.get(name);
    return raw == null || raw.isBlank() ? Optional.empty() : Optional.of(raw.strip());
  }

  /** Records an error found by the caller; the message should name the variable. */
  public void error(String message) {
    errors.add(message);
  }

  /** The errors so far, in the order they were found. */
  public List<String> errors() {
    return List.copyOf(errors);
  }

  /** {@code true, 1, yes, on} or {@code false, 0, no, off}, in any case. */
  public boolean bool(String name, boolean fallback) {
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
  public int integer(String name, int fallback, int min, int max) {
    return (int) longInteger(name, fallback, min, max);
  }

  /** A whole number within {@code [min, max]}. */
  public long longInteger(String name, long fallback, long min, long max) {
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
  public double decimal(String name, double fallback, double min, double max) {
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
  public Duration millis(String name, Duration fallback, long min, long max) {
    return Duration.ofMillis(longInteger(name, fallback.toMillis(), min, max));
  }

  /** A file system path, empty when the variable is absent or blank. */
  public Optional<Path> path(String name) {
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
  public void throwIfInvalid(String what) {
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(what + ": " + String.join("; ", errors));
    }
  }
}
