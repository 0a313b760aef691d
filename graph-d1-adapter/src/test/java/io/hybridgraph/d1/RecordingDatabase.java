package io.hybridgraph.d1;

import io.hybridgraph.domain.port.out.RemoteGraph;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * A {@link D1Database} that records every request before passing it to a real one, and can fail
 * chosen requests as if the network dropped them before D1 saw them.
 */
final class RecordingDatabase implements D1Database {

  private final D1Database real;
  private final List<List<D1Statement>> requests = new ArrayList<>();
  private IntPredicate dropRequest = n -> false;

  RecordingDatabase(D1Database real) {
    this.real = real;
  }

  /** A remote graph that sends everything through {@code db}, configured like {@code remote}. */
  static RemoteGraph graphOver(D1Remote remote, D1Database db) {
    CapacityMonitor capacity = new CapacityMonitor(remote.config(), Clock.systemUTC());
    capacity.sizeSource(() -> db.info().fileSize().orElseThrow());
    return new D1RemoteGraph(
        db,
        new RowCodec(D1Remote.objectMapper()),
        BatchPacker.forConfig(remote.config()),
        capacity);
  }

  /** Requests whose 0-based number matches fail without reaching D1. */
  synchronized RecordingDatabase dropping(IntPredicate requestNumber) {
    this.dropRequest = requestNumber;
    return this;
  }

  synchronized List<List<D1Statement>> requests() {
    return List.copyOf(requests);
  }

  /** Recorded requests whose first statement writes memory_graph (pushes). */
  synchronized List<List<D1Statement>> pushes() {
    return requests.stream()
        .filter(r -> r.stream().anyMatch(s -> s.sql().startsWith(GraphSql.UPSERT_HEADER)))
        .toList();
  }

  @Override
  public D1Result query(D1Statement statement) {
    return batch(List.of(statement)).get(0);
  }

  @Override
  public List<D1Result> batch(List<D1Statement> statements) {
    int number;
    synchronized (this) {
      number = requests.size();
      requests.add(List.copyOf(statements));
      if (dropRequest.test(number)) {
        throw new RetryableRemoteException(
            "test: request " + number + " lost on the way", 0, 0, null, null, null);
      }
    }
    return statements.size() == 1 && !statements.get(0).sql().startsWith("INSERT")
        ? List.of(real.query(statements.get(0)))
        : real.batch(statements);
  }

  @Override
  public D1DatabaseInfo info() {
    return real.info();
  }
}
