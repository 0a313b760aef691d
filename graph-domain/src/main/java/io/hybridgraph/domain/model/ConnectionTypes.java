package io.hybridgraph.domain.model;

import java.util.List;

/**
 * The labels describing how two memories were connected ({@code semantic}, {@code temporal}, ...),
 * kept in the order given. At most {@value #MAX_ENTRIES} entries of at most {@value
 * #MAX_ENTRY_LENGTH} characters of valid Unicode, none blank or holding control characters.
 */
public record ConnectionTypes(List<String> values) {

  public static final int MAX_ENTRIES = 64;
  public static final int MAX_ENTRY_LENGTH = 128;

  private static final ConnectionTypes NONE = new ConnectionTypes(List.of());

  public ConnectionTypes {
    if (values == null) {
      throw new IllegalArgumentException("connection types must not be null");
    }
    if (values.size() > MAX_ENTRIES) {
      throw new IllegalArgumentException(
          "connection types must have at most " + MAX_ENTRIES + " entries, had " + values.size());
    }
    for (int i = 0; i < values.size(); i++) {
      String entry = values.get(i);
      if (entry == null || entry.isBlank()) {
        throw new IllegalArgumentException("connection types[" + i + "] must not be blank");
      }
      if (entry.length() > MAX_ENTRY_LENGTH) {
        throw new IllegalArgumentException(
            "connection types["
                + i
                + "] must be at most "
                + MAX_ENTRY_LENGTH
                + " characters, was "
                + entry.length());
      }
      UnicodeText.requireWellFormed("connection types[" + i + "]", entry);
      if (entry.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException(
            "connection types[" + i + "] must not contain control characters");
      }
    }
    values = List.copyOf(values);
  }

  public static ConnectionTypes none() {
    return NONE;
  }

  public static ConnectionTypes of(String... values) {
    return new ConnectionTypes(List.of(values));
  }

  public static ConnectionTypes of(List<String> values) {
    return new ConnectionTypes(values);
  }
}
