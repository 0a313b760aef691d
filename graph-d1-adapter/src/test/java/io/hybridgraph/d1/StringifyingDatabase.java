package io.hybridgraph.d1;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link D1Database} that binds every numeric parameter as a string (as Jackson writes the
 * number), the way a D1 that types {@code params} as strings, as Cloudflare's published schema
 * does, would see them. Statements that depend on a parameter keeping its JSON type give other
 * results through it.
 */
final class StringifyingDatabase implements D1Database {

  private final D1Database real;
  private final AtomicLong stringified = new AtomicLong();

  StringifyingDatabase(D1Database real) {
    this.real = real;
  }

  /** Numeric parameters bound as strings so far. */
  long stringified() {
    return stringified.get();
  }

  @Override
  public D1Result query(D1Statement statement) {
    return real.query(stringify(statement));
  }

  @Override
  public List<D1Result> batch(List<D1Statement> statements) {
    return real.batch(statements.stream().map(this::stringify).toList());
  }

  @Override
  public D1DatabaseInfo info() {
    return real.info();
  }

  private D1Statement stringify(D1Statement statement) {
    List<Object> params = new ArrayList<>(statement.params().size());
    for (Object param : statement.params()) {
      if (param instanceof Number number) {
        stringified.incrementAndGet();
        params.add(number.toString());
      } else {
        params.add(param);
      }
    }
    return new D1Statement(statement.sql(), params);
  }
}
