package io.hybridgraph.d1;

/**
 * Upper bounds of the bytes values take in a JSON body written by Jackson (UTF-8, non-ASCII
 * characters unescaped), without serializing them.
 */
final class JsonSize {

  private JsonSize() {}

  /** A JSON string literal: quotes, escapes and UTF-8 bytes. */
  static int string(String text) {
    int bytes = 2;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        bytes += 2;
      } else if (c < 0x20) {
        bytes += 6;
      } else if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        // Jackson writes a character outside the BMP as an escaped surrogate pair by default
        // (COMBINE_UNICODE_SURROGATES_IN_UTF8 is off): 12 bytes, not the 4 of its UTF-8 form.
        bytes += 12;
        i++;
      } else {
        // A lone surrogate is written as an escape (6 bytes); anything else in the BMP takes 3.
        bytes += Character.isSurrogate(c) ? 6 : 3;
      }
    }
    return bytes;
  }

  /** A JSON number written from a double. */
  static int number(double value) {
    return Double.toString(value).length();
  }
}
