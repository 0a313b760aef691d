package io.hybridgraph.d1;

import io.hybridgraph.domain.port.out.RemoteGraphException;
import java.util.List;

/**
 * Direct access to the configured D1 database through its REST API, for checks such as a {@code
 * doctor} command. Every call goes through the process-wide rate limiter and fails with a {@link
 * RemoteGraphException} subclass; there are no retries here.
 *
 * <p>Thread-safe.
 */
interface D1Database {

  /** Runs one statement. */
  D1Result query(D1Statement statement);

  /** Runs statements in one request and one transaction: all are applied or none. */
  List<D1Result> batch(List<D1Statement> statements);

  /** The database's name, table count and size. */
  D1DatabaseInfo info();
}
