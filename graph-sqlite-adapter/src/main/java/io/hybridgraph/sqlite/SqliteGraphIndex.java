package io.hybridgraph.sqlite;

import io.hybridgraph.domain.graph.GraphSnapshot;
import io.hybridgraph.domain.port.out.GraphIndex;
import java.util.function.Function;

/**
 * {@link GraphIndex} on the session's in-memory traversal index, brought up to date with what other
 * connections changed in the file before each traversal.
 */
final class SqliteGraphIndex implements GraphIndex {

  private final SqliteSession session;

  SqliteGraphIndex(SqliteSession session) {
    this.session = session;
  }

  @Override
  public <T> T read(Function<GraphSnapshot, T> reader) {
    session.catchUp();
    return session.index().read(reader);
  }
}
