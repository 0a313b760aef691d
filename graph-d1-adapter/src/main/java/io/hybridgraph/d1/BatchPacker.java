package io.hybridgraph.d1;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts rows into push requests and each request into multi-row upsert statements, keeping the rows
 * in order and each exactly once, such that:
 *
 * <ul>
 *   <li>no statement has more than {@value D1Limits#MAX_BOUND_PARAMETERS} bound parameters or more
 *       than {@value D1Limits#MAX_STATEMENT_BYTES} bytes of SQL;
 *   <li>no request has more than {@code maxRows} rows or (unless it holds a single row that is
 *       larger on its own) more than {@code maxBytes} bytes of JSON body, with room kept for the
 *       request's two bookkeeping statements.
 * </ul>
 *
 * <p>Greedy: a row joins the current statement if it fits, else a new statement of the current
 * request, else a new request. Byte counts are upper bounds computed without serializing.
 */
final class BatchPacker {

  /** {@code {"batch":[]}} */
  private static final int ENVELOPE_BYTES = 12;

  /** {@code {"sql":"","params":[]}} and the comma before it. */
  private static final int STATEMENT_JSON_OVERHEAD = 24;

  private final int maxParams;
  private final int maxStatementBytes;
  private final int maxRows;
  private final int maxBytes;

  BatchPacker(int maxParams, int maxStatementBytes, int maxRows, int maxBytes) {
    if (maxParams < EncodedRow.PARAMS) {
      throw new IllegalArgumentException(
          "a statement must allow at least " + EncodedRow.PARAMS + " parameters");
    }
    this.maxParams = maxParams;
    this.maxStatementBytes = maxStatementBytes;
    this.maxRows = maxRows;
    this.maxBytes = maxBytes;
  }

  static BatchPacker forConfig(D1Config config) {
    return new BatchPacker(
        D1Limits.MAX_BOUND_PARAMETERS,
        D1Limits.MAX_STATEMENT_BYTES,
        config.maxRowsPerRequest(),
        config.maxBytesPerRequest());
  }

  /** Rows {@code [from, to)} of the input in one statement. */
  record StatementPlan(int from, int to) {
    int rows() {
      return to - from;
    }
  }

  /**
   * Rows {@code [from, to)} of the input in one request; {@code bodyBytes} bounds its JSON body
   * including the bookkeeping statements.
   */
  record RequestPlan(int from, int to, List<StatementPlan> statements, long bodyBytes) {
    RequestPlan {
      statements = List.copyOf(statements);
    }

    int rows() {
      return to - from;
    }
  }

  List<RequestPlan> pack(List<EncodedRow> rows) {
    List<RequestPlan> requests = new ArrayList<>();
    int n = rows.size();
    int i = 0;
    while (i < n) {
      int requestFrom = i;
      long requestBytes = ENVELOPE_BYTES + GraphSql.BOOKKEEPING_JSON_BYTES;
      List<StatementPlan> statements = new ArrayList<>();
      int statementFrom = i;
      int statementParams = 0;
      long statementSql = 0;
      boolean statementOpen = false;
      while (i < n && i - requestFrom < maxRows) {
        EncodedRow row = rows.get(i);
        int offset = i - requestFrom + 1;
        int tuple = GraphSql.valuesTupleBytes(row, offset);
        int params = row.paramsJsonBytes();
        boolean fitsStatement =
            statementOpen
                && statementParams + EncodedRow.PARAMS <= maxParams
                && statementSql + 1 + tuple <= maxStatementBytes;
        long added;
        if (fitsStatement) {
          added = 1 + tuple + 1 + params;
        } else {
          added =
              STATEMENT_JSON_OVERHEAD
                  + GraphSql.UPSERT_HEADER_BYTES
                  + GraphSql.UPSERT_FOOTER_BYTES
                  + tuple
                  + params;
        }
        boolean firstRow = i == requestFrom;
        if (!firstRow && requestBytes + added > maxBytes) {
          break;
        }
        if (!fitsStatement) {
          long alone = GraphSql.UPSERT_HEADER_BYTES + GraphSql.UPSERT_FOOTER_BYTES + tuple;
          if (alone > maxStatementBytes) {
            throw new IllegalArgumentException(
                "row "
                    + row.source()
                    + "->"
                    + row.target()
                    + " needs a statement of "
                    + alone
                    + " bytes, more than D1 allows ("
                    + maxStatementBytes
                    + ")");
          }
          if (statementOpen) {
            statements.add(new StatementPlan(statementFrom, i));
          }
          statementOpen = true;
          statementFrom = i;
          statementParams = 0;
          statementSql = GraphSql.UPSERT_HEADER_BYTES + GraphSql.UPSERT_FOOTER_BYTES + tuple;
        } else {
          statementSql += 1 + tuple;
        }
        statementParams += EncodedRow.PARAMS;
        requestBytes += added;
        i++;
      }
      statements.add(new StatementPlan(statementFrom, i));
      requests.add(new RequestPlan(requestFrom, i, statements, requestBytes));
    }
    return requests;
  }
}
