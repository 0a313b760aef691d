package io.hybridgraph.app.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Strict reading of a request's path and query string as they came over the wire: every {@code %}
 * starts two hex digits, the decoded bytes are valid UTF-8 (so no lone surrogate or overlong form
 * can reach a handler), and no query parameter is named twice. A lenient server takes the first of
 * two values or reads {@code %zz} as nothing; this one says what was wrong.
 */
final class RequestTarget {

  private RequestTarget() {}

  /** The first problem with {@code rawPath} or {@code rawQuery} (either may be null). */
  static Optional<ErrorBodies.Refusal> check(String rawPath, String rawQuery) {
    if (rawPath != null) {
      try {
        decode(rawPath, false);
      } catch (IllegalArgumentException e) {
        return Optional.of(new ErrorBodies.Refusal(400, "path", "the path " + e.getMessage()));
      }
    }
    if (rawQuery == null || rawQuery.isEmpty()) {
      return Optional.empty();
    }
    Set<String> seen = new HashSet<>();
    for (String part : rawQuery.split("&", -1)) {
      if (part.isEmpty()) {
        continue;
      }
      int equals = part.indexOf('=');
      String rawName = equals < 0 ? part : part.substring(0, equals);
      String name;
      try {
        name = decode(rawName, true);
      } catch (IllegalArgumentException e) {
        return Optional.of(
            new ErrorBodies.Refusal(400, "query", "a query parameter name " + e.getMessage()));
      }
      String field = ErrorBodies.printable(name);
      if (equals >= 0) {
        try {
          decode(part.substring(equals + 1), true);
        } catch (IllegalArgumentException e) {
          return Optional.of(
              new ErrorBodies.Refusal(
                  400, field, "the value of query parameter '" + field + "' " + e.getMessage()));
        }
      }
      if (!seen.add(name)) {
        return Optional.of(
            new ErrorBodies.Refusal(
                400,
                field,
                "query parameter '" + field + "' is given more than once; give it once"));
      }
    }
    return Optional.empty();
  }

  /**
   * Decodes percent-encoded UTF-8 ({@code +} as a space in a query).
   *
   * @throws IllegalArgumentException saying what is malformed, phrased to follow "the path"
   */
  static String decode(String raw, boolean query) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        int high = i + 1 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
        int low = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
        if (high < 0 || low < 0) {
          String escape = raw.substring(i, Math.min(raw.length(), i + 3));
          throw new IllegalArgumentException(
              "has an invalid percent-escape '"
                  + ErrorBodies.printable(escape)
                  + "' at index "
                  + i
                  + "; a % must start two hex digits");
        }
        bytes.write(high * 16 + low);
        i += 2;
      } else if (query && c == '+') {
        bytes.write(' ');
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        int codePoint = raw.codePointAt(i);
        if (Character.isSurrogate(raw.charAt(i)) && Character.charCount(codePoint) == 1) {
          throw new IllegalArgumentException("is not valid Unicode text");
        }
        byte[] encoded = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
        i += Character.charCount(codePoint) - 1;
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("is not valid UTF-8 once decoded");
    }
  }
}
