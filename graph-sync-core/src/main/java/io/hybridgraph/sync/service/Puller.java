package io.hybridgraph.sync.service;

import io.hybridgraph.domain.port.out.RemoteGraph;
import io.hybridgraph.domain.port.out.RemoteGraphException;
import io.hybridgraph.domain.port.out.ReplicaStore;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.sync.SyncConfig;
import io.hybridgraph.sync.port.in.SyncEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Pulls the remote's change feed after this device's cursor, page after page, merging each page and
 * moving the cursor in one local transaction. Merged rows are never queued to be pushed back. A
 * failure holds the remote back ({@link RemoteHold}); while it is held back a pull asks nothing. A
 * failure of the remote is reported as a failed pull; any other (the local store, a row that cannot
 * be merged, a defect) is recorded and thrown. A round holds the remote hold's monitor, so pushes
 * and pulls run one at a time.
 */
final class Puller {

  private final ReplicaStore replica;
  private final RemoteGraph remote;
  private final SyncLedger ledger;
  private final RemoteHold hold;
  private final SyncConfig config;
  private final Clock clock;
  private final SyncEvents events;

  Puller(
      ReplicaStore replica,
      RemoteGraph remote,
      SyncLedger ledger,
      RemoteHold hold,
      SyncConfig config,
      Clock clock,
      SyncEvents events) {
    this.replica = replica;
    this.remote = remote;
    this.ledger = ledger;
    this.hold = hold;
    this.config = config;
    this.clock = clock;
    this.events = events;
  }

  /** Pulls every page after the cursor. */
  PullReport pull() {
    return pullPages(Integer.MAX_VALUE);
  }

  /** Pulls at most one page of the change feed (for callers that report progress per page). */
  PullReport pullPage() {
    return pullPages(1);
  }

  private PullReport pullPages(int maxPages) {
    synchronized (hold) {
      try {
        return pullPagesHeld(maxPages);
      } catch (RuntimeException e) {
        hold.failed("pull", e);
        throw e;
      }
    }
  }

  /** Pulls while holding the hold's monitor; a remote failure is a failed report. */
  private PullReport pullPagesHeld(int maxPages) {
    long cursor = ledger.cursor();
    if (clock.instant().isBefore(hold.heldUntil())) {
      return new PullReport(0, 0, cursor, false);
    }
    int pulled = 0;
    int changed = 0;
    try {
      for (int pages = 0; pages < maxPages; pages++) {
        RemoteGraph.ChangePage page = remote.pull(cursor, config.pullPageSize());
        long next = Math.max(cursor, page.lastSequence());
        List<ReplicatedRow> rows = new ArrayList<>(page.changes().size());
        for (RemoteGraph.Change change : page.changes()) {
          rows.add(change.row());
          next = Math.max(next, change.sequence());
        }
        if (next == cursor) {
          break;
        }
        // The cursor moves with the merge, also past changes the remote could not hand over.
        changed += replica.merge(rows, ledger.pageMerged(next, clock.instant())).size();
        pulled += rows.size();
        cursor = next;
        if (!page.hasMore()) {
          break;
        }
      }
    } catch (RemoteGraphException e) {
      hold.failed("pull", e);
      return new PullReport(pulled, changed, cursor, true);
    }
    ledger.pulled(clock.instant());
    hold.succeeded(false);
    if (pulled > 0) {
      events.publish(new SyncEvent.Pulled(clock.instant(), pulled, changed, cursor));
    }
    return new PullReport(pulled, changed, cursor, false);
  }
}
