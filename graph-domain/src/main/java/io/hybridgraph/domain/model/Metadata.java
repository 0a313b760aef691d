package io.hybridgraph.domain.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Free-form data attached to an association: a JSON object whose values are strings, booleans,
 * finite numbers, nulls, lists and nested objects.
 *
 * <p>Every key and string is valid Unicode (no lone surrogates). Bounded to {@value
 * #MAX_JSON_BYTES} bytes of canonical JSON and {@value #MAX_DEPTH} levels of nesting, so that a
 * whole row always stays far below D1's 2,000,000-byte row limit. Integral numbers are held as
 * {@link Long}, others as {@link Double}. Immutable; keys are kept sorted so that {@link #toJson()}
 * is canonical and equal metadata always encodes to equal text.
 */
public final class Metadata {

  public static final int MAX_JSON_BYTES = 256 * 1024;
  public static final int MAX_DEPTH = 32;

  private static final Metadata EMPTY = new Metadata(Collections.emptyNavigableMap(), "{}");

  private final Map<String, Object> values;
  private final String json;

  private Metadata(Map<String, Object> values, String json) {
    this.values = values;
    this.json = json;
  }

  public static Metadata empty() {
    return EMPTY;
  }

  /**
   * Copies and validates a JSON-like map.
   *
   * @throws IllegalArgumentException naming the offending key path when a value is not JSON-like, a
   *     number is not finite, nesting is too deep or the encoding exceeds the size bound
   */
  public static Metadata of(Map<String, ?> values) {
    if (values == null || values.isEmpty()) {
      return EMPTY;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> copy = (Map<String, Object>) normalize(values, "metadata", 1);
    StringBuilder out = new StringBuilder();
    encode(copy, out);
    String json = out.toString();
    int bytes = json.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_JSON_BYTES) {
      throw new IllegalArgumentException(
          "metadata must encode to at most " + MAX_JSON_BYTES + " bytes of JSON, was " + bytes);
    }
    return new Metadata(copy, json);
  }

  /** An unmodifiable view of the values, keys in sorted order. */
  public Map<String, Object> values() {
    return values;
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** Canonical JSON: sorted keys, no insignificant white space. */
  public String toJson() {
    return json;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Metadata other && json.equals(other.json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  @Override
  public String toString() {
    return json.length() <= 200 ? json : json.substring(0, 200) + "...";
  }

  private static Object normalize(Object value, String path, int depth) {
    // Only objects and lists nest: a scalar inside the deepest allowed container is fine.
    if (depth > MAX_DEPTH && (value instanceof Map<?, ?> || value instanceof List<?>)) {
      throw new IllegalArgumentException(path + " is nested deeper than " + MAX_DEPTH + " levels");
    }
    if (value instanceof String text) {
      UnicodeText.requireWellFormed(path, text);
      return text;
    }
    if (value == null || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException(path + " must be a finite number, was " + d);
      }
      return d;
    }
    if (value instanceof BigInteger big) {
      try {
        return big.longValueExact();
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException(path + " is an integer outside the 64-bit range");
      }
    }
    if (value instanceof BigDecimal decimal) {
      double d = decimal.doubleValue();
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException(path + " must be a finite number, was " + decimal);
      }
      return d;
    }
    if (value instanceof Map<?, ?> map) {
      TreeMap<String, Object> copy = new TreeMap<>();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!(entry.getKey() instanceof String key)) {
          throw new IllegalArgumentException(path + " has a key that is not a string");
        }
        UnicodeText.requireWellFormed(path + " key", key);
        copy.put(key, normalize(entry.getValue(), path + "." + key, depth + 1));
      }
      return Collections.unmodifiableNavigableMap(copy);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        copy.add(normalize(list.get(i), path + "[" + i + "]", depth + 1));
      }
      return Collections.unmodifiableList(copy);
    }
    throw new IllegalArgumentException(
        path
            + " must be a string, number, boolean, null, list or object, was "
            + value.getClass().getSimpleName());
  }

  private static void encode(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      encodeString(s, out);
    } else if (value instanceof Boolean || value instanceof Long) {
      out.append(value);
    } else if (value instanceof Double d) {
      out.append(d.toString());
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        encodeString((String) entry.getKey(), out);
        out.append(':');
        encode(entry.getValue(), out);
      }
      out.append('}');
    } else {
      out.append('[');
      List<?> list = (List<?>) value;
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        encode(list.get(i), out);
      }
      out.append(']');
    }
  }

  static void encodeString(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
