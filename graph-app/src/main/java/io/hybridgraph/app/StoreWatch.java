package io.hybridgraph.app;

import io.hybridgraph.sqlite.SqliteGraphStore;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While {@code serve} runs, takes in what other programs changed in the database file every few
 * seconds, even when no request or sync round touches the store: rows held back because their
 * memories had not arrived come back as soon as the Python service's memory sync brings them, and
 * that service's deletions are classified (and guarded) promptly. Cheap when nothing changed (one
 * {@code data_version} read). One named daemon thread; {@link #close()} is idempotent.
 */
final class StoreWatch implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StoreWatch.class);

  static final Duration INTERVAL = Duration.ofSeconds(2);

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "graph-store-watch");
            thread.setDaemon(true);
            return thread;
          });
  private volatile boolean failing;

  StoreWatch(SqliteGraphStore store) {
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            store.catchUp();
            if (failing) {
              failing = false;
              log.info("Reading changes other programs made to the database works again");
            }
          } catch (RuntimeException e) {
            if (!failing) {
              failing = true;
              log.warn(
                  "Reading changes other programs made to the database failed: {}", e.toString());
            }
          }
        },
        INTERVAL.toMillis(),
        INTERVAL.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
