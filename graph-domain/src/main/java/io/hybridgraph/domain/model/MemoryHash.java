package io.hybridgraph.domain.model;

/**
 * The content hash that names a memory.
 *
 * <p>Non-blank, at most {@value #MAX_LENGTH} characters of valid Unicode, without control or format
 * characters (Unicode categories Cc and Cf: no bidirectional overrides, zero-width characters or
 * byte order marks, which would make two hashes look alike). Compared by exact string value; the
 * natural order is {@link String#compareTo}, which every device and the cloud's SQLite share for
 * the ASCII hashes memories use.
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
    UnicodeText.requireWellFormed("memory hash", value);
    for (int i = 0; i < value.length(); ) {
      int c = value.codePointAt(i);
      if (Character.isISOControl(c)) {
        throw new IllegalArgumentException(
            "memory hash must not contain control characters, found U+"
                + UnicodeText.hex(c)
                + " at index "
                + i);
      }
      if (Character.getType(c) == Character.FORMAT) {
        throw new IllegalArgumentException(
            "memory hash must not contain format characters (bidirectional controls, zero-width"
                + " characters, byte order marks), found U+"
                + UnicodeText.hex(c)
                + " at index "
                + i);
      }
      i += Character.charCount(c);
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
