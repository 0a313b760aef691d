package io.hybridgraph.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventFanoutTest {

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final Clock clock =
      new Clock() {
        @Override
        public java.time.ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.ofEpochMilli(now.get());
        }
      };
  private EventFanout fanout;

  @AfterEach
  void close() {
    if (fanout != null) {
      fanout.close();
    }
  }

  /** A receiver that reads everything. */
  static final class Reader implements EventFanout.Sink {
    final List<String> received = new CopyOnWriteArrayList<>();
    final Semaphore arrived = new Semaphore(0);
    volatile boolean closed;

    @Override
    public void send(String name, String data) {
      received.add(name + ":" + data);
      arrived.release();
    }

    @Override
    public boolean closed() {
      return closed;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  /** A receiver that stopped reading: its first write blocks until it is closed. */
  static final class Stuck implements EventFanout.Sink {
    final CountDownLatch closedLatch = new CountDownLatch(1);
    final CountDownLatch writing = new CountDownLatch(1);

    @Override
    public void send(String name, String data) {
      writing.countDown();
      try {
        closedLatch.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("the stream is closed");
    }

    @Override
    public boolean closed() {
      return closedLatch.getCount() == 0;
    }

    @Override
    public void close() {
      closedLatch.countDown();
    }
  }

  @Test
  void receiverThatStopsReading_isDropped_whenItsQueueFills_andTheOthersGetEveryEvent()
      throws Exception {
    fanout = new EventFanout(4, 100, Duration.ofSeconds(10), clock);
    Stuck stuck = new Stuck();
    Reader reader = new Reader();
    assertThat(fanout.reserve()).isTrue();
    fanout.add(stuck);
    assertThat(fanout.reserve()).isTrue();
    fanout.add(reader);

    for (int i = 0; i < 1_000; i++) {
      fanout.publish("pushed", "{\"n\":" + i + "}");
      // A reader keeps up with a paced stream; the stuck one does not.
      assertThat(reader.arrived.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(reader.received.get(999)).isEqualTo("pushed:{\"n\":999}");
    assertThat(fanout.dropped()).isEqualTo(1);
    assertThat(fanout.size()).isEqualTo(1);
    assertThat(stuck.closed()).isTrue();
    assertThat(fanout.reserve()).as("the dropped receiver's place is free again").isTrue();
  }

  @Test
  void writeBlockedPastTheStallLimit_dropsTheReceiver_evenWithRoomInItsQueue() throws Exception {
    fanout = new EventFanout(4, 1_000, Duration.ofSeconds(10), clock);
    Stuck stuck = new Stuck();
    fanout.reserve();
    fanout.add(stuck);
    fanout.publish("status", "{}");
    assertThat(stuck.writing.await(10, TimeUnit.SECONDS)).isTrue();

    now.addAndGet(9_000);
    fanout.dropStalled();
    assertThat(fanout.size()).as("not yet past the limit").isEqualTo(1);
    now.addAndGet(2_000);
    fanout.dropStalled();

    assertThat(fanout.size()).isZero();
    assertThat(fanout.dropped()).isEqualTo(1);
    assertThat(stuck.closed()).isTrue();
  }

  @Test
  void capacity_isEnforcedByReserve_andPlacesComeBackWhenReceiversLeave() {
    fanout = new EventFanout(2, 16, Duration.ofSeconds(10), clock);
    assertThat(fanout.reserve()).isTrue();
    Runnable left = fanout.add(new Reader());
    assertThat(fanout.reserve()).isTrue();
    assertThat(fanout.reserve()).isFalse();

    fanout.release();
    assertThat(fanout.reserve()).isTrue();
    left.run();
    left.run();
    assertThat(fanout.reserve()).as("a receiver leaving twice frees one place").isTrue();
    assertThat(fanout.reserve()).isFalse();
  }

  @Test
  void eventsForOneReceiver_reachOnlyIt_inOrder() {
    fanout = new EventFanout(4, 16, Duration.ofSeconds(10), clock);
    Reader first = new Reader();
    Reader second = new Reader();
    fanout.reserve();
    fanout.add(first);
    fanout.reserve();
    fanout.add(second);

    fanout.sendTo(first, "status", "1");
    fanout.publish("pulled", "2");

    await().atMost(Duration.ofSeconds(10)).until(() -> first.received.size() == 2);
    await().atMost(Duration.ofSeconds(10)).until(() -> second.received.size() == 1);
    assertThat(first.received).containsExactly("status:1", "pulled:2");
    assertThat(second.received).containsExactly("pulled:2");
  }
}
