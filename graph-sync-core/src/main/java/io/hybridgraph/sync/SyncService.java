package io.hybridgraph.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background sync of one device: a worker thread ({@code graph-sync-worker}) that pushes the
 * outbox as soon as a write wakes it (and at the push interval), and pulls the change feed at the
 * pull interval. Has an explicit lifecycle: {@code NEW -> RUNNING -> STOPPING -> TERMINATED}; stop
 * is idempotent and waits for the worker to finish its current step.
 */
public final class SyncService implements AutoCloseable {

  /** Lifecycle states. */
  public enum State {
    NEW,
    RUNNING,
    STOPPING,
    TERMINATED
  }

  private static final Logger log = LoggerFactory.getLogger(SyncService.class);
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final SyncEngine engine;
  private final SyncConfig config;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wakeUp = lock.newCondition();
  private final Runnable beforeLoop;
  private ExecutorService worker;
  private volatile State state = State.NEW;
  private boolean woken;

  /**
   * @param beforeLoop runs once on the worker before the first round (the initial sync on startup,
   *     say); its failure is logged and does not stop the service
   */
  public SyncService(SyncEngine engine, SyncConfig config, Clock clock, Runnable beforeLoop) {
    this.engine = engine;
    this.config = config;
    this.clock = clock;
    this.beforeLoop = beforeLoop;
  }

  public State state() {
    return state;
  }

  /** Starts the worker. */
  public synchronized void start() {
    if (state != State.NEW) {
      throw new IllegalStateException("sync service cannot start from state " + state);
    }
    int instance = INSTANCES.incrementAndGet();
    worker =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "graph-sync-worker-" + instance);
              thread.setDaemon(true);
              return thread;
            });
    state = State.RUNNING;
    worker.execute(this::run);
    log.info(
        "Graph sync started: push on write and every {} ms, pull every {} ms",
        config.pushInterval().toMillis(),
        config.pullInterval().toMillis());
  }

  /** Asks the worker to push now (called after every local write). Never blocks on the network. */
  public void wake() {
    lock.lock();
    try {
      woken = true;
      wakeUp.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Stops the worker and waits for it; safe to call more than once. */
  public synchronized void stop() {
    if (state == State.NEW) {
      state = State.TERMINATED;
      return;
    }
    if (state == State.TERMINATED) {
      return;
    }
    state = State.STOPPING;
    wake();
    worker.shutdownNow();
    try {
      if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
        log.warn("Graph sync worker did not stop within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    state = State.TERMINATED;
    log.info("Graph sync stopped");
  }

  @Override
  public void close() {
    stop();
  }

  private void run() {
    try {
      beforeLoop.run();
    } catch (RuntimeException e) {
      log.warn("Graph sync start-up step failed: {}", e.toString());
    }
    Instant nextPull = clock.instant();
    while (state == State.RUNNING && !Thread.currentThread().isInterrupted()) {
      try {
        engine.pushDue();
        Instant now = clock.instant();
        if (!now.isBefore(nextPull)) {
          engine.pull();
          nextPull = clock.instant().plus(config.pullInterval());
        }
        waitForWork(nextPull);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        log.error("Graph sync round failed unexpectedly; retrying", e);
        sleepQuietly(config.initialBackoff());
      }
    }
  }

  private void waitForWork(Instant nextPull) throws InterruptedException {
    Instant now = clock.instant();
    Instant until = now.plus(config.pushInterval());
    if (nextPull.isBefore(until)) {
      until = nextPull;
    }
    Instant held = engine.heldUntil();
    if (held.isAfter(until)) {
      // The remote is being held back: nothing useful to do before then, even if woken.
      until = held;
    }
    long waitNanos = Math.max(0, Duration.between(now, until).toNanos());
    lock.lock();
    try {
      while (!woken && waitNanos > 0 && state == State.RUNNING) {
        waitNanos = wakeUp.awaitNanos(waitNanos);
      }
      woken = false;
    } finally {
      lock.unlock();
    }
  }

  private void sleepQuietly(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
