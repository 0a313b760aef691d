package io.hybridgraph.d1;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridgraph.d1.MeteringDatabase.Bill;
import io.hybridgraph.d1.testing.LocalD1Database;
import io.hybridgraph.d1.testing.LocalD1Extension;
import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.ConnectionTypes;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.Similarity;
import io.hybridgraph.domain.port.out.RemoteGraph;
import io.hybridgraph.domain.port.out.RemoteGraph.Change;
import io.hybridgraph.domain.port.out.RemoteGraph.ChangePage;
import io.hybridgraph.domain.port.out.RemoteGraph.PushBatch;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.domain.version.Hlc;
import io.hybridgraph.domain.version.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What D1 bills for the adapter's reads and writes, read from each reply's {@code meta.rows_read}
 * and {@code meta.rows_written} on the real local D1: a pull costs the rows it returns and at most
 * one more; a new row costs the table and its three indexes, no more.
 */
@ExtendWith(LocalD1Extension.class)
class D1BillingTest {

  private static final DeviceId DEVICE = new DeviceId("billing");
  private static final DeviceId OTHER = new DeviceId("other");

  private final LocalD1Database local;
  private D1Remote remote;
  private MeteringDatabase meter;
  private RemoteGraph graph;

  D1BillingTest(LocalD1Database local) {
    this.local = local;
  }

  @BeforeEach
  void migrate() {
    local.reset();
    remote = D1Remote.create(local.config().build());
    remote.schema().migrate();
    meter = new MeteringDatabase(remote.database());
    graph = RecordingDatabase.graphOver(remote, meter);
  }

  @Test
  void idlePull_isBilledAtMostOneRow() {
    graph.push(new PushBatch(DEVICE, 1, PushBenchmark.generate(200, 1)));
    long head = graph.headSequence();
    meter.clearBills();

    ChangePage page = graph.pull(head, 1_000);

    assertThat(page.changes()).isEmpty();
    assertThat(meter.bills()).hasSize(1);
    assertThat(meter.bills().get(0).rowsRead()).isLessThanOrEqualTo(1);
  }

  @Test
  void fullPage_isBilledTheRowsItReturnsPlusOne() {
    graph.push(new PushBatch(DEVICE, 1, PushBenchmark.generate(2_500, 2)));
    meter.clearBills();

    ChangePage page = graph.pull(0, 1_000);

    assertThat(page.changes()).hasSize(1_000);
    assertThat(page.hasMore()).isTrue();
    assertThat(meter.bills()).hasSize(1);
    assertThat(meter.bills().get(0).rowsRead()).isLessThanOrEqualTo(1_001);
  }

  @Test
  void pageWithBigRows_fetchesThemThinAndIsBilledEachRowOnceMore() {
    List<ReplicatedRow> rows = new ArrayList<>(PushBenchmark.generate(997, 3));
    rows.add(big("big-1", 100_000));
    rows.add(big("big-2", 200_000));
    rows.add(big("big-3", 250_000));
    graph.push(new PushBatch(DEVICE, 1, rows));
    meter.clearBills();

    ChangePage page = graph.pull(0, 1_000);

    assertThat(page.changes()).extracting(Change::row).containsExactlyInAnyOrderElementsOf(rows);
    assertThat(page.hasMore()).isFalse();
    List<Bill> bills = meter.bills();
    assertThat(bills).hasSize(2);
    Bill pageBill = bills.get(0);
    Bill fetchBill = bills.get(1);
    assertThat(pageBill.rowsReturned()).isEqualTo(1_000);
    assertThat(pageBill.rowsRead()).isLessThanOrEqualTo(pageBill.rowsReturned() + 1);
    assertThat(fetchBill.rowsReturned()).isEqualTo(3);
    assertThat(fetchBill.rowsRead()).isLessThanOrEqualTo(3);
    assertThat(pageBill.rowsRead() + fetchBill.rowsRead()).isLessThanOrEqualTo(1_000 + 1 + 3);
  }

  @Test
  void pageOfManyThinRows_fetchesThemInGroupsOfAtMostOneHundred() {
    List<ReplicatedRow> rows = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      rows.add(big(String.format("mid-%03d", i), 5_000));
    }
    graph.push(new PushBatch(DEVICE, 1, rows));
    meter.clearBills();

    ChangePage page = graph.pull(0, 1_000);

    assertThat(page.changes()).extracting(Change::row).containsExactlyInAnyOrderElementsOf(rows);
    List<Bill> bills = meter.bills();
    assertThat(bills).extracting(Bill::rowsReturned).containsExactly(150, 100, 50);
    assertThat(bills)
        .allSatisfy(b -> assertThat(b.rowsRead()).isLessThanOrEqualTo(b.rowsReturned() + 1));
  }

  @Test
  void pageOfManyBigRows_endsEarlyWithinTheThinBudget_andTheNextPageGoesOn() {
    List<ReplicatedRow> rows = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      rows.add(big(String.format("huge-%02d", i), 250_000));
    }
    graph.push(new PushBatch(DEVICE, 1, rows));

    ChangePage first = graph.pull(0, 1_000);
    ChangePage second = graph.pull(first.lastSequence(), 1_000);

    assertThat(first.hasMore()).isTrue();
    assertThat(first.changes().size()).isBetween(1, 79);
    assertThat(first.changes().size() * 250_000L).isLessThanOrEqualTo(PageReader.THIN_BUDGET_BYTES);
    List<ReplicatedRow> all = new ArrayList<>(first.changes().stream().map(Change::row).toList());
    ChangePage page = second;
    all.addAll(page.changes().stream().map(Change::row).toList());
    while (page.hasMore()) {
      page = graph.pull(page.lastSequence(), 1_000);
      all.addAll(page.changes().stream().map(Change::row).toList());
    }
    assertThat(all).containsExactlyInAnyOrderElementsOf(rows);
  }

  @Test
  void pullExcept_ofTheWritersOwnRows_readsThemInOneRequestAndTransfersNone() {
    graph.push(new PushBatch(DEVICE, 1, PushBenchmark.generate(3_000, 4)));
    ReplicatedRow foreign = big("from-other", 10, OTHER);
    graph.push(new PushBatch(OTHER, 1, List.of(foreign)));
    long head = graph.headSequence();
    meter.clearBills();

    ChangePage page = graph.pullExcept(0, 1_000, new DeviceId("bench-device"));

    assertThat(page.changes()).extracting(Change::row).containsExactly(foreign);
    assertThat(page.hasMore()).isFalse();
    assertThat(page.lastSequence()).isEqualTo(head);
    // One request: the page (3,000 rows passed, one returned) and the head.
    List<Bill> bills = meter.bills();
    assertThat(bills).hasSize(2);
    assertThat(bills.get(0).rowsReturned()).isEqualTo(1);
    assertThat(bills.get(0).rowsRead()).isLessThanOrEqualTo(3_001);
    assertThat(bills.get(1).rowsRead()).isLessThanOrEqualTo(1);
  }

  @Test
  void pullExcept_leavesOutTheWritersBigRows_andFetchesOtherBigRowsWhole() {
    ReplicatedRow ownBig = big("own-big", 200_000);
    ReplicatedRow otherBig = big("other-big", 200_000, OTHER);
    ReplicatedRow otherSmall = big("other-small", 10, OTHER);
    graph.push(new PushBatch(DEVICE, 1, List.of(ownBig, big("own-small", 10))));
    graph.push(new PushBatch(OTHER, 1, List.of(otherBig, otherSmall)));

    ChangePage page = graph.pullExcept(0, 1_000, DEVICE);

    assertThat(page.changes())
        .extracting(Change::row)
        .containsExactlyInAnyOrder(otherBig, otherSmall);
    assertThat(page.lastSequence()).isEqualTo(4);
    assertThat(page.hasMore()).isFalse();
  }

  @Test
  void push_writesAtMostFourRowsPerNewRow_andPerUpdatedRow() {
    List<ReplicatedRow> rows = PushBenchmark.generate(1_000, 5);
    graph.push(new PushBatch(DEVICE, 1, rows.subList(0, 1)));
    long before = meter.rowsWritten();

    graph.push(new PushBatch(DEVICE, 2, rows));
    long inserted = meter.rowsWritten() - before;
    List<ReplicatedRow> newer = new ArrayList<>();
    for (ReplicatedRow row : rows) {
      Hlc clock = row.version().clock();
      newer.add(
          ReplicatedRow.present(
              row.value().orElseThrow(),
              new Version(1, new Hlc(clock.wallMillis() + 1_000_000, 0, clock.device()))));
    }
    long beforeUpdate = meter.rowsWritten();
    graph.push(new PushBatch(DEVICE, 3, newer));
    long updated = meter.rowsWritten() - beforeUpdate;

    // 999 new rows and one that merged as a no-op; each request adds the counter and progress.
    assertThat(inserted).isLessThanOrEqualTo(4L * 999 + 2);
    assertThat(updated).isLessThanOrEqualTo(4L * 1_000 + 2);
  }

  private static ReplicatedRow big(String source, int noteBytes) {
    return big(source, noteBytes, DEVICE);
  }

  private static ReplicatedRow big(String source, int noteBytes, DeviceId writer) {
    return ReplicatedRow.present(
        new Association(
            MemoryHash.of(source),
            MemoryHash.of("target"),
            RelationshipType.SUPPORTS,
            Similarity.of(0.25),
            ConnectionTypes.of("semantic"),
            Metadata.of(Map.of("note", "n".repeat(noteBytes))),
            1_700_000_000.5),
        new Version(1, new Hlc(1_800_000_000_000L, 0, writer)));
  }
}
