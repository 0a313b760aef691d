package io.hybridgraph.domain.port.in;

/**
 * The bounds of the graph queries, checked by the query records themselves so that no caller can
 * ask for more: beyond a few hops a knowledge graph is mostly all reachable.
 */
public final class QueryLimits {

  /** Deepest traversal accepted (hops of a path or a connected search, radius of a subgraph). */
  public static final int MAX_HOPS = 10;

  /** Most nodes a subgraph may hold. */
  public static final int MAX_SUBGRAPH_NODES = 5_000;

  private QueryLimits() {}

  /**
   * Returns {@code value} when it lies within {@code [min, max]}.
   *
   * @throws QueryParameterException naming {@code parameter}, the bounds and the value
   */
  static int requireWithin(String parameter, int value, int min, int max) {
    if (value < min || value > max) {
      throw new QueryParameterException(
          parameter, parameter + " must be within [" + min + ", " + max + "], was " + value);
    }
    return value;
  }
}
