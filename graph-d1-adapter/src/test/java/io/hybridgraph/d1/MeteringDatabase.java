package io.hybridgraph.d1;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link D1Database} that adds up the rows D1 reports written (what D1 bills). */
final class MeteringDatabase implements D1Database {

  private final D1Database real;
  private final AtomicLong rowsWritten = new AtomicLong();

  MeteringDatabase(D1Database real) {
    this.real = real;
  }

  long rowsWritten() {
    return rowsWritten.get();
  }

  @Override
  public D1Result query(D1Statement statement) {
    D1Result result = real.query(statement);
    rowsWritten.addAndGet(result.meta().rowsWritten());
    return result;
  }

  @Override
  public List<D1Result> batch(List<D1Statement> statements) {
    List<D1Result> results = real.batch(statements);
    results.forEach(r -> rowsWritten.addAndGet(r.meta().rowsWritten()));
    return results;
  }

  @Override
  public D1DatabaseInfo info() {
    return real.info();
  }
}
