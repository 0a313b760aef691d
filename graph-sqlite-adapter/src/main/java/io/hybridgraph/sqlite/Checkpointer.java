package io.hybridgraph.sqlite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves WAL checkpoints off the write path. SQLite checkpoints inside the commit that crosses its
 * auto-checkpoint size, so one write in a few hundred waits for pages to be copied into the main
 * file (the store's p99). The store turns auto-checkpoints off on its own connection and this class
 * checkpoints on a connection of its own, on a named daemon thread, every {@link #INTERVAL}: {@code
 * PASSIVE} (never waits for readers or writers) normally, {@code TRUNCATE} when the WAL has grown
 * past {@link #TRUNCATE_ABOVE_BYTES} so that the file shrinks back. Other programs on the same file
 * keep their own auto-checkpoints. Closing runs a last checkpoint; idempotent.
 */
final class Checkpointer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);

  static final Duration INTERVAL = Duration.ofSeconds(1);
  static final long TRUNCATE_ABOVE_BYTES = 64L * 1024 * 1024;

  private final Path file;
  private final Path wal;
  private final Connection connection;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "graph-wal-checkpointer");
            thread.setDaemon(true);
            return thread;
          });
  private boolean failing;
  private boolean closed;

  private Checkpointer(Path file, Connection connection) {
    this.file = file;
    this.wal = file.resolveSibling(file.getFileName() + "-wal");
    this.connection = connection;
    timer.scheduleWithFixedDelay(
        this::checkpoint, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Starts checkpointing {@code file}, whose writers have turned auto-checkpoints off.
   *
   * @param properties the store's connection settings (journal mode, busy timeout)
   */
  static Checkpointer start(Path file, Properties properties) throws SQLException {
    return new Checkpointer(file, DriverManager.getConnection("jdbc:sqlite:" + file, properties));
  }

  private synchronized void checkpoint() {
    if (closed) {
      return;
    }
    String mode = walBytes() > TRUNCATE_ABOVE_BYTES ? "TRUNCATE" : "PASSIVE";
    try (Statement st = connection.createStatement()) {
      st.execute("PRAGMA wal_checkpoint(" + mode + ")");
      if (failing) {
        failing = false;
        log.info("Checkpoints of {} work again", file);
      }
    } catch (SQLException e) {
      if (!failing) {
        failing = true;
        log.warn("A WAL checkpoint of {} failed (retried every second): {}", file, e.getMessage());
      }
    }
  }

  private long walBytes() {
    try {
      return Files.exists(wal) ? Files.size(wal) : 0;
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      try (Statement st = connection.createStatement()) {
        st.execute("PRAGMA wal_checkpoint(PASSIVE)");
      } catch (SQLException e) {
        log.debug("The last checkpoint of {} failed: {}", file, e.getMessage());
      }
      closed = true;
      try {
        connection.close();
      } catch (SQLException e) {
        log.debug("Closing the checkpoint connection of {} failed: {}", file, e.getMessage());
      }
    }
  }
}
