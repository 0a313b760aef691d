package io.hybridgraph.app.http;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands events to many slow receivers without letting one hold up another.
 *
 * <p>Each receiver has its own bounded queue and at most one writer thread at a time (so a receiver
 * stuck in a write occupies one thread and nobody else's). A receiver is dropped when its queue is
 * full or when one write has been blocked longer than the stall limit ({@link #dropStalled()}); it
 * may come back as a new receiver. At most {@code capacity} receivers are held; {@link #reserve()}
 * refuses more. Thread-safe.
 */
final class EventFanout implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EventFanout.class);

  /** Where events go: one client of the event stream. */
  interface Sink {
    /** Writes one event; may block while the receiver does not read. */
    void send(String name, String data);

    /** Whether the receiver went away. */
    boolean closed();

    /** Ends the receiver's stream. */
    void close();
  }

  private final int capacity;
  private final int queueCapacity;
  private final Duration stallLimit;
  private final Clock clock;
  private final AtomicInteger reserved = new AtomicInteger();
  private final AtomicInteger dropped = new AtomicInteger();
  private final Set<Receiver> receivers = ConcurrentHashMap.newKeySet();
  private final ThreadPoolExecutor writers;

  EventFanout(int capacity, int queueCapacity, Duration stallLimit, Clock clock) {
    this.capacity = capacity;
    this.queueCapacity = queueCapacity;
    this.stallLimit = stallLimit;
    this.clock = clock;
    this.writers =
        new ThreadPoolExecutor(
            0,
            capacity,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            daemonThreads("graph-http-event-writer"));
  }

  static ThreadFactory daemonThreads(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  int capacity() {
    return capacity;
  }

  /** Claims a place for a receiver about to be added; false when all are taken. */
  boolean reserve() {
    while (true) {
      int now = reserved.get();
      if (now >= capacity) {
        return false;
      }
      if (reserved.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  /** Gives back a place claimed by {@link #reserve()} for a receiver that was never added. */
  void release() {
    reserved.decrementAndGet();
  }

  /**
   * Adds a receiver into a place claimed by {@link #reserve()}; returns the handle to call when the
   * receiver goes away by itself.
   */
  Runnable add(Sink sink) {
    Receiver receiver = new Receiver(sink);
    receivers.add(receiver);
    return () -> receiver.drop(null);
  }

  /** Queues an event for one receiver, given by its sink. */
  void sendTo(Sink sink, String name, String data) {
    for (Receiver receiver : receivers) {
      if (receiver.sink == sink) {
        receiver.offer(name, data);
      }
    }
  }

  /** Queues an event for every receiver. */
  void publish(String name, String data) {
    receivers.forEach(receiver -> receiver.offer(name, data));
  }

  int size() {
    return receivers.size();
  }

  /** Receivers dropped for falling behind, since start. */
  int dropped() {
    return dropped.get();
  }

  /** Drops every receiver whose current write has been blocked longer than the stall limit. */
  void dropStalled() {
    long now = clock.millis();
    for (Receiver receiver : receivers) {
      long since = receiver.writingSince;
      if (since != 0 && now - since > stallLimit.toMillis()) {
        receiver.drop("one write has been blocked for over " + stallLimit.toSeconds() + " s");
      }
    }
  }

  @Override
  public void close() {
    for (Receiver receiver : receivers) {
      receiver.drop(null);
      closeQuietly(receiver.sink);
    }
    writers.shutdownNow();
    try {
      writers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(Sink sink) {
    try {
      sink.close();
    } catch (RuntimeException e) {
      log.debug("Closing an event stream client failed: {}", e.toString());
    }
  }

  /** One receiver: its queue and its writer, one at a time. */
  private final class Receiver {

    private final Sink sink;
    private final ArrayBlockingQueue<String[]> queue;
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean gone = new AtomicBoolean();
    private volatile long writingSince;

    Receiver(Sink sink) {
      this.sink = sink;
      this.queue = new ArrayBlockingQueue<>(queueCapacity);
    }

    void offer(String name, String data) {
      if (gone.get()) {
        return;
      }
      if (!queue.offer(new String[] {name, data})) {
        drop("it fell behind by " + queueCapacity + " events");
        return;
      }
      schedule();
    }

    private void schedule() {
      if (!gone.get() && writing.compareAndSet(false, true)) {
        try {
          writers.execute(this::drain);
        } catch (RejectedExecutionException e) {
          writing.set(false);
        }
      }
    }

    private void drain() {
      try {
        String[] event;
        while (!gone.get() && (event = queue.poll()) != null) {
          if (sink.closed()) {
            drop(null);
            return;
          }
          writingSince = Math.max(1, clock.millis());
          sink.send(event[0], event[1]);
          writingSince = 0;
        }
      } catch (RuntimeException e) {
        drop(null);
      } finally {
        writingSince = 0;
        writing.set(false);
      }
      if (!gone.get() && !queue.isEmpty()) {
        schedule();
      }
    }

    /** Removes this receiver; {@code reason} says why it was dropped, or null when it left. */
    void drop(String reason) {
      if (!gone.compareAndSet(false, true)) {
        return;
      }
      receivers.remove(this);
      reserved.decrementAndGet();
      queue.clear();
      if (reason != null) {
        dropped.incrementAndGet();
        log.info("Dropped an event stream client: {}; it may reconnect", reason);
        closeQuietly(sink);
      }
    }
  }
}
