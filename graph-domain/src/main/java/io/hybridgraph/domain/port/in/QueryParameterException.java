package io.hybridgraph.domain.port.in;

/**
 * A query parameter outside its bounds. Bad input, so an {@link IllegalArgumentException}; it also
 * names the parameter as the queries' callers spell it ({@code max_hops}, {@code radius}, {@code
 * max_nodes}), so that an edge can point at the field without reading the message.
 */
public final class QueryParameterException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String parameter;

  public QueryParameterException(String parameter, String message) {
    super(message);
    this.parameter = parameter;
  }

  /** The parameter that was out of bounds. */
  public String parameter() {
    return parameter;
  }
}
