package io.hybridgraph.d1;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridgraph.d1.testing.LocalD1Database;
import io.hybridgraph.d1.testing.LocalD1Extension;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.out.RemoteGraph;
import io.hybridgraph.domain.port.out.RemoteGraph.Change;
import io.hybridgraph.domain.port.out.RemoteGraph.ChangePage;
import io.hybridgraph.domain.port.out.RemoteGraph.PushBatch;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.version.DeviceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Several devices push overlapping rows at once while another pulls the feed in small pages: the
 * reader sees strictly increasing sequences, and folding what it pulled gives exactly the remote's
 * final state, which is the merge of everything pushed.
 */
@ExtendWith(LocalD1Extension.class)
class D1ChangeFeedConcurrencyTest {

  private static final int WRITERS = 4;
  private static final int BATCHES = 15;
  private static final int ROWS_PER_BATCH = 20;
  private static final int KEYS = 60;

  private final LocalD1Database local;

  D1ChangeFeedConcurrencyTest(LocalD1Database local) {
    this.local = local;
  }

  @Test
  void interleavedWriters_andAPagingReader_neverSkipOrRepeat() throws Exception {
    local.reset();
    D1Remote.create(local.config().build()).schema().migrate();
    Map<RowKey, ReplicatedRow> expected = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean writing = new AtomicBoolean(true);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        RemoteGraph graph = D1Remote.create(local.config().build()).graph();
        writers.add(
            pool.submit(
                () -> {
                  DeviceId device = new DeviceId("writer-" + writer);
                  Random random = new Random(42 + writer);
                  start.await();
                  for (int b = 1; b <= BATCHES; b++) {
                    List<ReplicatedRow> rows = new ArrayList<>();
                    for (int i = 0; i < ROWS_PER_BATCH; i++) {
                      int key = random.nextInt(KEYS);
                      // Ticks collide across writers on purpose: the device breaks the tie.
                      long tick = b * 1_000L + random.nextInt(50);
                      ReplicatedRow row =
                          TestRows.row(String.format("k%02d", key), "target", tick, device);
                      rows.add(row);
                      expected.merge(row.key(), row, ReplicatedRow::merge);
                    }
                    graph.push(new PushBatch(device, b, rows));
                  }
                  return null;
                }));
      }
      D1RemoteGraph reader = D1Remote.create(local.config().build()).d1Graph();
      Future<List<Change>> pulled =
          pool.submit(
              () -> {
                List<Change> seen = new ArrayList<>();
                long cursor = 0;
                start.await();
                while (true) {
                  boolean lastRound = !writing.get();
                  ChangePage page = reader.pull(cursor, 7);
                  seen.addAll(page.changes());
                  cursor = page.lastSequence();
                  if (lastRound && !page.hasMore()) {
                    return seen;
                  }
                }
              });
      start.countDown();
      for (Future<?> writer : writers) {
        writer.get(2, TimeUnit.MINUTES);
      }
      writing.set(false);
      List<Change> seen = pulled.get(2, TimeUnit.MINUTES);

      long previous = 0;
      for (Change change : seen) {
        assertThat(change.sequence()).isGreaterThan(previous);
        previous = change.sequence();
      }
      Map<RowKey, ReplicatedRow> folded = new TreeMap<>();
      seen.forEach(c -> folded.merge(c.row().key(), c.row(), ReplicatedRow::merge));
      assertThat(folded).isEqualTo(new TreeMap<>(expected));
      assertThat(reader.scan(Optional.empty(), KEYS + 10))
          .containsExactlyElementsOf(new TreeMap<>(expected).values());
      assertThat(reader.headSequence()).isEqualTo(previous);
      assertThat(seen.size()).isGreaterThan(KEYS);
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }
}
