package io.hybridgraph.d1;

import java.util.OptionalLong;

/**
 * What D1 reports about one executed statement.
 *
 * @param changes rows inserted, updated or deleted
 * @param lastRowId rowid of the last inserted row
 * @param rowsRead rows D1 read (billed)
 * @param rowsWritten rows D1 wrote (billed), index entries included
 * @param durationMs execution time inside D1
 * @param changedDb whether the statement modified the database
 * @param sizeAfter database size in bytes after the statement, when reported
 */
record D1Meta(
    long changes,
    long lastRowId,
    long rowsRead,
    long rowsWritten,
    double durationMs,
    boolean changedDb,
    OptionalLong sizeAfter) {}
