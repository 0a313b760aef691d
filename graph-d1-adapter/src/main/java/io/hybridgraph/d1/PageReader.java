package io.hybridgraph.d1;

import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.out.RemoteGraph.Change;
import io.hybridgraph.domain.port.out.RemoteGraph.ChangePage;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.version.DeviceId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads pages of the remote {@code memory_graph} (the change feed by sequence, the whole table by
 * key) as cheaply as D1 bills: one plain {@code ORDER BY ... LIMIT n + 1} query per page, which D1
 * bills as the rows it returns and at most one more, instead of window functions over the scanned
 * rows.
 *
 * <p>The reply stays small without them: a row whose text takes more than the inline limit (about
 * the read budget divided by the page size, at least {@value #MIN_INLINE_BYTES} bytes) comes
 * "thin", its text columns NULL and its size given, and is fetched afterwards by sequence in
 * requests of at most {@value #READ_BUDGET_BYTES} bytes. A page ends early, with {@code hasMore},
 * once its thin rows reach {@value #THIN_BUDGET_BYTES} bytes (the first always comes), so a pull
 * holds a bounded amount of row data whatever the rows. A thin row changed between the page and its
 * fetch has a later sequence: a pull leaves it out (the later change follows), a scan ends its page
 * before it. Thread-safe.
 */
final class PageReader {

  private static final Logger LOG = LoggerFactory.getLogger(PageReader.class);

  /** Bytes of row data one read request asks D1 for; D1 caps a result at 50 MB. */
  static final int READ_BUDGET_BYTES = 4 * 1024 * 1024;

  /** Bytes of thin rows one page fetches at most (a single larger row comes alone). */
  static final long THIN_BUDGET_BYTES = 4L * READ_BUDGET_BYTES;

  /** Rows whose text takes at most this many bytes always travel in the page. */
  static final int MIN_INLINE_BYTES = 1024;

  /** Rows whose text takes more than this many bytes always travel thin. */
  static final int MAX_INLINE_BYTES = 64 * 1024;

  /** Reply bytes of a row beyond its text columns (names, numbers, quotes). */
  private static final int ROW_OVERHEAD_BYTES = 320;

  private final D1Database client;
  private final RowCodec codec;

  PageReader(D1Database client, RowCodec codec) {
    this.client = client;
    this.codec = codec;
  }

  /** The largest text a row of a page of {@code limit} rows may have to travel in it. */
  static int inlineBytes(int limit) {
    long share = READ_BUDGET_BYTES / (limit + 1L);
    return (int) Math.max(MIN_INLINE_BYTES, Math.min(MAX_INLINE_BYTES, share));
  }

  ChangePage pull(long cursor, int limit) {
    int inline = inlineBytes(limit);
    List<Map<String, Object>> rows = read(GraphSql.pullPage(cursor, limit, inline));
    return changes(cursor, limit, inline, rows, cursor, rows.size() > limit);
  }

  /**
   * The feed in {@code (cursor, cursor + span]} without {@code writer}'s rows, and the head in the
   * same request (one transaction), so the page can say it covered the range up to the head.
   */
  ChangePage pullExcept(long cursor, int limit, DeviceId writer, long span) {
    int inline = inlineBytes(limit);
    long upTo =
        cursor > D1Limits.MAX_EXACT_INTEGER - span ? D1Limits.MAX_EXACT_INTEGER : cursor + span;
    List<D1Result> results =
        batch(
            List.of(
                GraphSql.pullPageExcept(cursor, upTo, limit, inline, writer.value()),
                GraphSql.head()));
    List<Map<String, Object>> rows = results.get(0).rows();
    long head = number(results.get(1).rows().get(0).get("head"));
    if (rows.size() > limit) {
      return changes(cursor, limit, inline, rows, cursor, true);
    }
    // The whole range up to the head was read: the cursor may move to its end even when every row
    // in it was left out. Rows accepted later get sequences above the head.
    long covered = Math.max(cursor, Math.min(upTo, head));
    return changes(cursor, limit, inline, rows, covered, covered < head);
  }

  private ChangePage changes(
      long cursor,
      int limit,
      int inline,
      List<Map<String, Object>> rows,
      long coveredTo,
      boolean more) {
    List<Map<String, Object>> page = rows.size() > limit ? rows.subList(0, limit) : rows;
    int end = withinThinBudget(page, inline);
    boolean cut = end < page.size();
    page = page.subList(0, end);
    Map<Long, Map<String, Object>> whole = fetchThin(page, inline);
    List<Change> changes = new ArrayList<>(page.size());
    long last = cursor;
    for (Map<String, Object> columns : page) {
      long sequence = number(columns.get("change_seq"));
      last = sequence;
      Map<String, Object> full = isThin(columns, inline) ? whole.get(sequence) : columns;
      if (full == null) {
        continue; // changed since the page was read: its later sequence comes in a later page
      }
      RowCodec.Decoded decoded = codec.decode(full);
      decoded
          .row()
          .ifPresentOrElse(
              row -> changes.add(new Change(decoded.sequence(), row)), () -> warnSkipped(decoded));
    }
    if (!cut) {
      last = Math.max(last, coveredTo);
    }
    return new ChangePage(changes, last, more || cut);
  }

  /**
   * A keyset page of every row (tombstones included) by key after {@code after}; full unless the
   * table ends (a page cut short is completed by asking again).
   */
  List<ReplicatedRow> scan(Optional<RowKey> after, int limit) {
    Objects.requireNonNull(after, "after");
    List<ReplicatedRow> out = new ArrayList<>(Math.min(limit, 1024));
    String afterSource = after.map(k -> k.source().value()).orElse(null);
    String afterTarget = after.map(k -> k.target().value()).orElse(null);
    while (out.size() < limit) {
      int want = limit - out.size();
      int inline = inlineBytes(want);
      List<Map<String, Object>> rows =
          read(GraphSql.scanPage(afterSource, afterTarget, want, inline));
      List<Map<String, Object>> page = rows.size() > want ? rows.subList(0, want) : rows;
      int keep = withinThinBudget(page, inline);
      boolean cut = keep < page.size();
      page = page.subList(0, keep);
      Map<Long, Map<String, Object>> whole = fetchThin(page, inline);
      for (Map<String, Object> columns : page) {
        Map<String, Object> full =
            isThin(columns, inline) ? whole.get(number(columns.get("change_seq"))) : columns;
        if (full == null) {
          cut = true; // changed meanwhile: read it again from its key
          break;
        }
        RowCodec.Decoded decoded = codec.decode(full);
        afterSource = decoded.rawSource();
        afterTarget = decoded.rawTarget();
        decoded.row().ifPresentOrElse(out::add, () -> warnSkipped(decoded));
      }
      if (!cut && rows.size() <= want) {
        break; // the table ends here
      }
    }
    return out;
  }

  /** How many rows of {@code page} to keep so its thin rows stay within the thin budget. */
  private static int withinThinBudget(List<Map<String, Object>> page, int inline) {
    long bytes = 0;
    for (int i = 0; i < page.size(); i++) {
      Map<String, Object> columns = page.get(i);
      if (isThin(columns, inline)) {
        bytes += number(columns.get("row_bytes")) + ROW_OVERHEAD_BYTES;
        if (bytes > THIN_BUDGET_BYTES && i > 0) {
          return i;
        }
      }
    }
    return page.size();
  }

  /** Fetches the thin rows of a page by sequence, in groups within the read budget. */
  private Map<Long, Map<String, Object>> fetchThin(List<Map<String, Object>> page, int inline) {
    Map<Long, Map<String, Object>> out = new HashMap<>();
    List<Long> group = new ArrayList<>();
    long groupBytes = 0;
    for (Map<String, Object> columns : page) {
      if (!isThin(columns, inline)) {
        continue;
      }
      long bytes = number(columns.get("row_bytes")) + ROW_OVERHEAD_BYTES;
      if (!group.isEmpty()
          && (groupBytes + bytes > READ_BUDGET_BYTES
              || group.size() == D1Limits.MAX_BOUND_PARAMETERS)) {
        fetch(group, out);
        group.clear();
        groupBytes = 0;
      }
      group.add(number(columns.get("change_seq")));
      groupBytes += bytes;
    }
    if (!group.isEmpty()) {
      fetch(group, out);
    }
    return out;
  }

  private void fetch(List<Long> sequences, Map<Long, Map<String, Object>> out) {
    for (Map<String, Object> row : read(GraphSql.rowsBySequence(sequences))) {
      out.put(number(row.get("change_seq")), row);
    }
  }

  private static boolean isThin(Map<String, Object> columns, int inline) {
    return number(columns.get("row_bytes")) > inline;
  }

  private List<Map<String, Object>> read(D1Statement statement) {
    try {
      return client.query(statement).rows();
    } catch (RejectedRemoteException e) {
      throw D1RemoteGraph.withSchemaHint(e);
    }
  }

  private List<D1Result> batch(List<D1Statement> statements) {
    try {
      return client.batch(statements);
    } catch (RejectedRemoteException e) {
      throw D1RemoteGraph.withSchemaHint(e);
    }
  }

  private static long number(Object value) {
    if (value instanceof Number n) {
      return n.longValue();
    }
    throw new RetryableRemoteException(
        "D1 answered a page without a number where one belongs: " + value,
        200,
        0,
        null,
        null,
        null);
  }

  static void warnSkipped(RowCodec.Decoded decoded) {
    LOG.warn(
        "D1 row {}->{} (change {}) is not a valid association and is skipped: {}",
        decoded.rawSource(),
        decoded.rawTarget(),
        decoded.sequence(),
        decoded.problem());
  }
}
