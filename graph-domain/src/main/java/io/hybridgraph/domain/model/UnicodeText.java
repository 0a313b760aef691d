package io.hybridgraph.domain.model;

/**
 * Checks that text is well-formed Unicode before it becomes part of a value.
 *
 * <p>A Java string can hold a lone UTF-16 surrogate (JSON's {@code "\ud800"} escape makes one), but
 * no UTF-8 encoder can write it: SQLite would store it as {@code ?}, so two different strings would
 * land as one and a value would not survive a round trip. Every text field of the model goes
 * through here.
 */
final class UnicodeText {

  private UnicodeText() {}

  /**
   * Fails when {@code value} holds a surrogate that is not part of a pair.
   *
   * @throws IllegalArgumentException naming {@code what} and the index of the lone surrogate
   */
  static void requireWellFormed(String what, String value) {
    int bad = firstLoneSurrogate(value);
    if (bad >= 0) {
      throw new IllegalArgumentException(
          what
              + " must be valid Unicode text, found a lone surrogate U+"
              + hex(value.charAt(bad))
              + " at index "
              + bad);
    }
  }

  /** The index of the first lone surrogate in {@code value}, or -1 when there is none. */
  static int firstLoneSurrogate(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
          i++;
          continue;
        }
        return i;
      }
      if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  static String hex(int codePoint) {
    return String.format("%04X", codePoint);
  }
}
