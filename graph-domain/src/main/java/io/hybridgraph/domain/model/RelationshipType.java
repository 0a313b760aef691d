package io.hybridgraph.domain.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The kind of an association. {@code related} and {@code contradicts} are symmetric: one
 * relationship visible from both memories. The others are directed from source to target.
 */
public enum RelationshipType {
  RELATED(true),
  CONTRADICTS(true),
  CAUSES(false),
  FIXES(false),
  SUPPORTS(false),
  FOLLOWS(false);

  private static final String VALID =
      Arrays.stream(values()).map(RelationshipType::wireName).collect(Collectors.joining(", "));

  private final boolean symmetric;

  RelationshipType(boolean symmetric) {
    this.symmetric = symmetric;
  }

  public boolean isSymmetric() {
    return symmetric;
  }

  /** The lower-case name stored in SQLite and D1 ({@code related}, {@code causes}, ...). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a type name, ignoring case and surrounding white space.
   *
   * @throws IllegalArgumentException naming the valid types when {@code name} is none of them
   */
  public static RelationshipType parse(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(
          "relationship type must not be empty; valid types: " + VALID);
    }
    String wanted = name.strip().toLowerCase(Locale.ROOT);
    for (RelationshipType type : values()) {
      if (type.wireName().equals(wanted)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "unknown relationship type '" + name + "'; valid types: " + VALID);
  }

  @Override
  public String toString() {
    return wireName();
  }
}
