package io.hybridgraph.sync.service;

import io.hybridgraph.domain.port.out.RemoteGraphException;
import io.hybridgraph.sync.SyncConfig;
import io.hybridgraph.sync.port.in.InitialSyncResult;
import io.hybridgraph.sync.port.in.SyncLifecycle;
import io.hybridgraph.sync.port.out.RemotePreparation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of sync's lifecycle and threads on a device whose sync is on: prepares the remote,
 * runs the background worker ({@code graph-sync-worker-N}) that pushes the outbox as soon as a
 * local change wakes it (and at the push interval) and pulls the change feed at the pull interval,
 * and runs initial syncs on their own thread ({@code graph-initial-sync}).
 *
 * <p>Lifecycle: {@code NEW -> RUNNING -> STOPPING -> TERMINATED}. {@link #start()} tries the
 * remote's preparation at once: a refusal (a wrong token) is thrown, while a remote that does not
 * answer leaves the device working locally and the worker retrying with backoff until it answers;
 * it then runs the initial sync when {@link SyncConfig#syncOnStartup()} asks for it and it never
 * completed, and then its rounds. {@link #close()} is idempotent, stops the initial-sync thread and
 * then the worker, and waits for both.
 */
final class SyncService implements SyncLifecycle {

  /** Lifecycle states. */
  enum State {
    NEW,
    RUNNING,
    STOPPING,
    TERMINATED
  }

  private static final Logger log = LoggerFactory.getLogger(SyncService.class);
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  private static final long STOP_WAIT_SECONDS = 30;

  private final RemotePreparation preparation;
  private final Pusher pusher;
  private final Puller puller;
  private final RemoteHold hold;
  private final InitialSync initialSync;
  private final Backoff backoff;
  private final SyncConfig config;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wakeUp = lock.newCondition();
  private final Object preparing = new Object();
  private final Object initialSyncLock = new Object();
  private final ExecutorService initialSyncThread =
      Executors.newSingleThreadExecutor(runnable -> daemon(runnable, "graph-initial-sync"));
  private boolean prepared;
  private boolean woken;
  private CompletableFuture<InitialSyncResult> initialRun;
  private ExecutorService worker;
  private volatile State state = State.NEW;

  SyncService(
      RemotePreparation preparation,
      Pusher pusher,
      Puller puller,
      RemoteHold hold,
      InitialSync initialSync,
      Backoff backoff,
      SyncConfig config,
      Clock clock) {
    this.preparation = preparation;
    this.pusher = pusher;
    this.puller = puller;
    this.hold = hold;
    this.initialSync = initialSync;
    this.backoff = backoff;
    this.config = config;
    this.clock = clock;
  }

  private static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }

  State state() {
    return state;
  }

  @Override
  public void prepare() {
    synchronized (preparing) {
      if (!prepared) {
        preparation.prepare();
        prepared = true;
      }
    }
  }

  @Override
  public synchronized void start() {
    if (state != State.NEW) {
      throw new IllegalStateException("sync service cannot start from state " + state);
    }
    boolean ready;
    try {
      prepare();
      ready = true;
    } catch (RemoteGraphException.Unavailable e) {
      log.warn(
          "The cloud database is unreachable ({}); the graph works locally and sync starts"
              + " when the cloud answers",
          e.getMessage());
      ready = false;
    }
    int instance = INSTANCES.incrementAndGet();
    worker =
        Executors.newSingleThreadExecutor(
            runnable -> daemon(runnable, "graph-sync-worker-" + instance));
    state = State.RUNNING;
    boolean preparedAtStart = ready;
    worker.execute(() -> run(preparedAtStart));
    if (ready) {
      logStarted();
    }
  }

  private void logStarted() {
    log.info(
        "Graph sync started: push on write and every {} ms, pull every {} ms",
        config.pushInterval().toMillis(),
        config.pullInterval().toMillis());
  }

  /** Asks the worker to push now (after every local change). Never blocks on the network. */
  void wake() {
    lock.lock();
    try {
      woken = true;
      wakeUp.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Starts an initial sync on its thread, or joins the one running. */
  CompletableFuture<InitialSyncResult> startInitialSync() {
    synchronized (initialSyncLock) {
      if (initialRun == null || initialRun.isDone()) {
        initialRun = CompletableFuture.supplyAsync(initialSync::run, initialSyncThread);
      }
      return initialRun;
    }
  }

  /** Stops the initial-sync thread and the worker and waits for them; idempotent. */
  public synchronized void stop() {
    if (state == State.TERMINATED) {
      return;
    }
    boolean wasRunning = state == State.RUNNING;
    state = State.STOPPING;
    wake();
    initialSyncThread.shutdownNow();
    if (worker != null) {
      worker.shutdownNow();
    }
    awaitTermination(initialSyncThread, "initial sync");
    if (worker != null) {
      awaitTermination(worker, "worker");
    }
    state = State.TERMINATED;
    if (wasRunning) {
      log.info("Graph sync stopped");
    }
  }

  private static void awaitTermination(ExecutorService executor, String what) {
    try {
      if (!executor.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
        log.warn("Graph sync {} thread did not stop within {} s", what, STOP_WAIT_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }

  private void run(boolean preparedAtStart) {
    if (!preparedAtStart && !prepareOnceTheRemoteAnswers()) {
      return;
    }
    try {
      if (config.syncOnStartup() && !initialSync.uploadDone()) {
        initialSync.run();
      }
    } catch (RuntimeException e) {
      log.warn("Graph sync start-up step failed: {}", e.toString());
    }
    Instant nextPull = clock.instant();
    while (state == State.RUNNING && !Thread.currentThread().isInterrupted()) {
      try {
        pusher.pushDue();
        Instant now = clock.instant();
        if (!now.isBefore(nextPull)) {
          puller.pull();
          nextPull = clock.instant().plus(config.pullInterval());
        }
        waitForWork(nextPull);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        log.error("Graph sync round failed unexpectedly; retrying", e);
        sleepWhileRunning(config.initialBackoff());
      }
    }
  }

  /**
   * Retries the preparation with backoff while the remote does not answer; false when stopping, or
   * when the remote refuses (logged: sync cannot start without a fix).
   */
  private boolean prepareOnceTheRemoteAnswers() {
    Optional<Duration> retryAfter = Optional.empty();
    for (int failures = 1; ; failures++) {
      if (!sleepWhileRunning(backoff.delay(failures, retryAfter))) {
        return false;
      }
      try {
        prepare();
        log.info("The cloud database answers again; sync started");
        logStarted();
        return true;
      } catch (RemoteGraphException.Unavailable e) {
        retryAfter = e.retryAfter();
        log.debug("The cloud database is still unreachable: {}", e.getMessage());
      } catch (RuntimeException e) {
        log.error("Sync cannot start: {}", e.getMessage());
        return false;
      }
    }
  }

  private void waitForWork(Instant nextPull) throws InterruptedException {
    Instant now = clock.instant();
    Instant until = now.plus(config.pushInterval());
    if (nextPull.isBefore(until)) {
      until = nextPull;
    }
    Instant held = hold.heldUntil();
    if (held.isAfter(until)) {
      // The remote is being held back: no round is due before then.
      until = held;
    }
    await(Duration.between(now, until), true);
  }

  /** Sleeps unless stopped meanwhile (local changes do not cut it short); false when stopping. */
  private boolean sleepWhileRunning(Duration duration) {
    try {
      return await(duration, false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Waits for {@code duration}, or until stopped, or (when {@code wakeable}) until a local change
   * wakes the worker; returns whether the service is still running.
   */
  private boolean await(Duration duration, boolean wakeable) throws InterruptedException {
    long waitNanos = Math.max(0, duration.toNanos());
    lock.lock();
    try {
      while (!(wakeable && woken) && waitNanos > 0 && state == State.RUNNING) {
        waitNanos = wakeUp.awaitNanos(waitNanos);
      }
      woken = false;
      return state == State.RUNNING;
    } finally {
      lock.unlock();
    }
  }
}
