package io.hybridgraph.domain.model;

import java.util.Locale;

/**
 * Which associations of a memory a query follows. Symmetric relationships match every direction.
 */
public enum Direction {
  OUTGOING,
  INCOMING,
  BOTH;

  /** Whether an edge seen from a memory with the given orientation is followed. */
  public boolean follows(EdgeOrientation orientation) {
    return switch (orientation) {
      case SYMMETRIC -> true;
      case OUTGOING -> this != INCOMING;
      case INCOMING -> this != OUTGOING;
    };
  }

  /** Parses {@code outgoing}, {@code incoming} or {@code both}, ignoring case. */
  public static Direction parse(String name) {
    if (name != null) {
      String wanted = name.strip().toUpperCase(Locale.ROOT);
      for (Direction direction : values()) {
        if (direction.name().equals(wanted)) {
          return direction;
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown direction '" + name + "'; valid directions: outgoing, incoming, both");
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
