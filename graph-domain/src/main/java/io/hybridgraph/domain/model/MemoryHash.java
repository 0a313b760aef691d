package io.hybridgraph.domain.model;

/**
 * The content hash that names a memory.
 *
 * <p>Non-blank, at most {@value #MAX_LENGTH} characters, without control characters. Compared by
 * exact string value; the natural order is {@link String#compareTo}, which every device and the
 * cloud's SQLite share for the ASCII hashes memories use.
 */
public record MemoryHash(String value) implements Comparable<MemoryHash> {

  /** Longest accepted hash; content hashes are 64 hex characters, so this leaves ample room. */
  public static final int MAX_LENGTH = 256;

  public MemoryHash {
    if (value == null) {
      throw new IllegalArgumentException("memory hash must not be null");
    }
    if (value.isBlank()) {
      throw new IllegalArgumentException("memory hash must not be blank");
    }
    if (value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "memory hash must be at most " + MAX_LENGTH + " characters, was " + value.length());
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new IllegalArgumentException(
            "memory hash must not contain control characters, found U+"
                + String.format("%04X", (int) value.charAt(i))
                + " at index "
                + i);
      }
    }
  }

  /** Parses a hash, naming {@code field} in the error when it is invalid. */
  public static MemoryHash of(String field, String value) {
    try {
      return new MemoryHash(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
    }
  }

  public static MemoryHash of(String value) {
    return new MemoryHash(value);
  }

  @Override
  public int compareTo(MemoryHash other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
