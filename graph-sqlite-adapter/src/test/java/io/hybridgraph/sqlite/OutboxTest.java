package io.hybridgraph.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.ConnectionTypes;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.model.Similarity;
import io.hybridgraph.domain.port.out.ChangeOutbox;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {

  private static final long T0 = 1_800_000_000_000L;

  @TempDir Path dir;
  private SqliteGraphStore store;

  @BeforeEach
  void open() {
    store =
        SqliteGraphStore.open(
            SqliteStoreConfig.of(dir.resolve("graph.db")),
            Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void storeDirected(String source, String target) {
    store
        .associations()
        .store(
            new Association(
                MemoryHash.of(source),
                MemoryHash.of(target),
                RelationshipType.CAUSES,
                Similarity.of(0.5),
                ConnectionTypes.none(),
                Metadata.empty(),
                1.0));
  }

  @Test
  void retryLater_holdsEntriesBackUntilDue_andCountsAttempts() {
    storeDirected("a", "b");
    List<ChangeOutbox.Entry> entries = store.outbox().peekDue(10, T0);

    store.outbox().retryLater(entries, "HTTP 503 overloaded", T0 + 5_000);

    assertThat(store.outbox().peekDue(10, T0 + 4_999)).isEmpty();
    List<ChangeOutbox.Entry> due = store.outbox().peekDue(10, T0 + 5_000);
    assertThat(due).hasSize(1);
    assertThat(due.get(0).attempts()).isEqualTo(1);
    assertThat(due.get(0).lastError()).contains("HTTP 503 overloaded");
    assertThat(store.outbox().stats().nextAttemptMillis()).hasValue(T0 + 5_000);
    assertThat(store.outbox().stats().oldestPendingMillis()).hasValue(T0);
  }

  @Test
  void park_setsEntriesAsideWithReason_withoutBlockingOthers_untilUnparked() {
    storeDirected("a", "b");
    storeDirected("c", "d");
    ChangeOutbox.Entry first = store.outbox().peekDue(10, T0).get(0);

    store.outbox().park(List.of(first), "rejected: row too big (7500)");

    assertThat(store.outbox().peekDue(10, T0))
        .extracting(ChangeOutbox.Entry::key)
        .containsExactly(RowKey.of("c", "d"));
    assertThat(store.outbox().parked(10))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.key()).isEqualTo(RowKey.of("a", "b"));
              assertThat(p.reason()).isEqualTo("rejected: row too big (7500)");
              assertThat(p.parkedAtMillis()).isEqualTo(T0);
            });
    assertThat(store.outbox().stats().parked()).isEqualTo(1);
    assertThat(store.outbox().stats().pending()).isEqualTo(1);
    assertThat(store.outbox().depth()).isEqualTo(2);

    assertThat(store.outbox().unparkAll()).isEqualTo(1);
    assertThat(store.outbox().peekDue(10, T0)).hasSize(2).allMatch(e -> e.attempts() == 0);
  }

  @Test
  void newChangeOfAParkedRow_queuesItAfresh() {
    storeDirected("a", "b");
    store.outbox().park(store.outbox().peekDue(10, T0), "rejected");

    storeDirected("a", "b");

    assertThat(store.outbox().parked(10)).isEmpty();
    assertThat(store.outbox().peekDue(10, T0))
        .singleElement()
        .satisfies(e -> assertThat(e.attempts()).isZero());
  }

  @Test
  void mergeWithState_setsStateInTheSameTransaction() {
    store.replica().merge(List.of(), Map.of("pull_cursor", "42"));

    assertThat(store.syncState().get("pull_cursor")).contains("42");
    store.syncState().put("pull_cursor", "43");
    assertThat(store.syncState().get("pull_cursor")).contains("43");
  }
}
