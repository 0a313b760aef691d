package io.hybridgraph.domain.port.in;

import io.hybridgraph.domain.port.out.SetAsideRows;
import io.hybridgraph.domain.port.out.ViewHolds;
import io.hybridgraph.domain.replica.HoldReason;
import java.util.List;
import java.util.Map;

/**
 * Lets a person see what this device keeps out of its graph and why: rows set aside because they
 * could not be read (and remove them), and rows the view holds back from the replicated state.
 */
public interface ReviewLocalRowsUseCase {

  /** How many rows are set aside. */
  long setAsideCount();

  /** Up to {@code limit} set-aside rows, oldest first. */
  List<SetAsideRows.Entry> setAsideRows(int limit);

  /** Removes a set-aside row for good; false when there is no such entry. */
  boolean removeSetAside(long id);

  /** Rows the view holds back, per reason. */
  Map<HoldReason, Long> heldBackCounts();

  /** Up to {@code limit} held-back rows, in key order. */
  List<ViewHolds.Held> heldBackRows(int limit);
}
