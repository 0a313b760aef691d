package io.hybridgraph.d1;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One SQL statement with its bound parameters, as D1's query API takes it.
 *
 * <p>Parameters may be {@code null}, strings, booleans (stored as 1/0) and numbers; integers must
 * stay within ±2^53 (JSON cannot carry more exactly; send larger ones as strings), floating-point
 * values must be finite. At most {@value D1Limits#MAX_BOUND_PARAMETERS} parameters and {@value
 * D1Limits#MAX_STATEMENT_BYTES} bytes of SQL, as D1 itself enforces.
 */
record D1Statement(String sql, List<Object> params) {

  public D1Statement {
    if (sql == null || sql.isBlank()) {
      throw new IllegalArgumentException("SQL must not be empty");
    }
    Objects.requireNonNull(params, "params");
    if (params.size() > D1Limits.MAX_BOUND_PARAMETERS) {
      throw new IllegalArgumentException(
          "D1 allows at most "
              + D1Limits.MAX_BOUND_PARAMETERS
              + " bound parameters per statement, this one has "
              + params.size());
    }
    int bytes = utf8Length(sql);
    if (bytes > D1Limits.MAX_STATEMENT_BYTES) {
      throw new IllegalArgumentException(
          "D1 allows at most "
              + D1Limits.MAX_STATEMENT_BYTES
              + " bytes of SQL per statement, this one has "
              + bytes);
    }
    List<Object> copy = new ArrayList<>(params.size());
    for (int i = 0; i < params.size(); i++) {
      copy.add(checkParam(i, params.get(i)));
    }
    params = Collections.unmodifiableList(copy);
  }

  public static D1Statement of(String sql, Object... params) {
    List<Object> list = new ArrayList<>(params.length);
    Collections.addAll(list, params);
    return new D1Statement(sql, list);
  }

  private static Object checkParam(int index, Object value) {
    if (value == null || value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      long v = ((Number) value).longValue();
      if (Math.abs(v) > D1Limits.MAX_EXACT_INTEGER) {
        throw new IllegalArgumentException(
            "parameter "
                + (index + 1)
                + " is "
                + v
                + ", beyond the ±2^53 a JSON number carries exactly; bind it as a string");
      }
      return v;
    }
    if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
      double v = ((Number) value).doubleValue();
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException(
            "parameter " + (index + 1) + " must be a finite number, was " + v);
      }
      return v;
    }
    throw new IllegalArgumentException(
        "parameter "
            + (index + 1)
            + " must be null, a string, a boolean or a number, was "
            + value.getClass().getSimpleName());
  }

  /** UTF-8 length of {@code text} without encoding it. */
  static int utf8Length(String text) {
    int bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  @Override
  public String toString() {
    String text = sql.length() <= 200 ? sql : sql.substring(0, 200) + "...";
    return "D1Statement[" + text + ", " + params.size() + " params, " + utf8Length(sql) + " bytes]";
  }
}
