package io.hybridgraph.sync.service;

import io.hybridgraph.sync.SyncConfig;
import io.hybridgraph.sync.port.in.InitialSyncResult;
import io.hybridgraph.sync.port.in.SyncLifecycle;
import io.hybridgraph.sync.port.out.RemotePreparation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
 * remote's preparation at once but never fails because of the remote: whatever goes wrong (a remote
 * that does not answer, a refused token or database id, anything else) is recorded as a failed
 * round, the device works locally, and the worker tries again when the {@link RemoteHold} allows
 * (with backoff; at the access retry interval after a refusal) until it succeeds. It then runs the
 * initial sync when {@link SyncConfig#syncOnStartup()} asks for it and it never completed, and then
 * its rounds. The worker never dies of a failed round: every failure is recorded ({@link
 * SyncHealth}) and holds the next round back. {@link #close()} is idempotent, stops the
 * initial-sync thread and then the worker, and waits for both.
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
      SyncConfig config,
      Clock clock) {
    this.preparation = preparation;
    this.pusher = pusher;
    this.puller = puller;
    this.hold = hold;
    this.initialSync = initialSync;
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
    boolean ready = attempt("prepare", this::prepareAndSucceed);
    int instance = INSTANCES.incrementAndGet();
    worker =
        Executors.newSingleThreadExecutor(
            runnable -> daemon(runnable, "graph-sync-worker-" + instance));
    state = State.RUNNING;
    worker.execute(() -> run(ready));
    if (ready) {
      logStarted();
    }
  }

  private void prepareAndSucceed() {
    prepare();
    hold.succeeded(false);
  }

  /**
   * Runs one step; a failure of any kind but a fatal error of the JVM is recorded as a failed round
   * of {@code operation} (holding the remote back) instead of thrown. Returns whether it succeeded.
   */
  private boolean attempt(String operation, Runnable step) {
    try {
      step.run();
      return true;
    } catch (RuntimeException | Error e) {
      // After these the JVM cannot be trusted to go on (a stack overflow is not one of them).
      if (e instanceof VirtualMachineError fatal && !(e instanceof StackOverflowError)) {
        throw fatal;
      }
      hold.failed(operation, e);
      return false;
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
        initialRun.whenComplete(
            (result, failure) -> {
              if (failure != null) {
                hold.failed(
                    "initial sync",
                    failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure);
              }
            });
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
    if (config.syncOnStartup()) {
      attempt(
          "initial sync",
          () -> {
            if (!initialSync.uploadDone()) {
              initialSync.run();
            }
          });
    }
    Instant nextPull = clock.instant();
    while (state == State.RUNNING && !Thread.currentThread().isInterrupted()) {
      boolean pullDue = !clock.instant().isBefore(nextPull);
      boolean done =
          attempt(
              "sync",
              () -> {
                pusher.pushDue();
                if (pullDue) {
                  puller.pull();
                }
              });
      if (pullDue) {
        nextPull = clock.instant().plus(config.pullInterval());
      }
      try {
        if (done) {
          waitForWork(nextPull);
        } else {
          // Recorded already (by the pusher or the puller, else above): wait out the hold.
          sleepWhileRunning(Duration.between(clock.instant(), hold.heldUntil()));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Tries the preparation again whenever the hold allows, until it succeeds; false when stopping.
   * Each failure is recorded and holds the remote back (longer while access is refused).
   */
  private boolean prepareOnceTheRemoteAnswers() {
    while (sleepWhileRunning(Duration.between(clock.instant(), hold.heldUntil()))) {
      if (attempt("prepare", this::prepareAndSucceed)) {
        logStarted();
        return true;
      }
    }
    return false;
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
