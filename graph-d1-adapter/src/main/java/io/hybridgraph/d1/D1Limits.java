package io.hybridgraph.d1;

/** The limits Cloudflare D1 enforces on every statement (see D1's documented limits). */
final class D1Limits {

  /** Bound parameters per statement; the 101st fails with "too many SQL variables". */
  public static final int MAX_BOUND_PARAMETERS = 100;

  /** UTF-8 bytes of SQL text per statement; longer fails with "statement too long". */
  public static final int MAX_STATEMENT_BYTES = 100_000;

  /** Largest integer a JSON number carries exactly through D1 (2^53). */
  public static final long MAX_EXACT_INTEGER = 1L << 53;

  private D1Limits() {}
}
