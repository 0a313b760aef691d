package io.hybridgraph.d1;

import java.util.List;
import java.util.Map;

/**
 * The outcome of one statement: its rows (column name to value: {@code String}, {@code Integer} or
 * {@code Long}, {@code Double}, or {@code null}) and D1's metadata.
 */
record D1Result(List<Map<String, Object>> rows, D1Meta meta) {

  public D1Result {
    rows = List.copyOf(rows);
  }
}
