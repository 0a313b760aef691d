package io.hybridgraph.d1;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link D1Database} that adds up the rows D1 reports read and written (what D1 bills) and keeps
 * each statement's bill.
 */
final class MeteringDatabase implements D1Database {

  /** What D1 billed for one statement, and how many rows it returned. */
  record Bill(String sql, int rowsReturned, long rowsRead, long rowsWritten) {}

  private final D1Database real;
  private final AtomicLong rowsWritten = new AtomicLong();
  private final AtomicLong rowsRead = new AtomicLong();
  private final List<Bill> bills = new ArrayList<>();

  MeteringDatabase(D1Database real) {
    this.real = real;
  }

  long rowsWritten() {
    return rowsWritten.get();
  }

  long rowsRead() {
    return rowsRead.get();
  }

  /** Every statement's bill so far, oldest first. */
  synchronized List<Bill> bills() {
    return List.copyOf(bills);
  }

  /** Forgets the bills so far (the totals keep counting). */
  synchronized void clearBills() {
    bills.clear();
  }

  @Override
  public D1Result query(D1Statement statement) {
    D1Result result = real.query(statement);
    record(statement, result);
    return result;
  }

  @Override
  public List<D1Result> batch(List<D1Statement> statements) {
    List<D1Result> results = real.batch(statements);
    for (int i = 0; i < results.size(); i++) {
      record(statements.get(i), results.get(i));
    }
    return results;
  }

  @Override
  public D1DatabaseInfo info() {
    return real.info();
  }

  private synchronized void record(D1Statement statement, D1Result result) {
    rowsWritten.addAndGet(result.meta().rowsWritten());
    rowsRead.addAndGet(result.meta().rowsRead());
    bills.add(
        new Bill(
            statement.sql(),
            result.rows().size(),
            result.meta().rowsRead(),
            result.meta().rowsWritten()));
  }
}
