package io.hybridgraph.d1;

import java.util.OptionalLong;

/**
 * What D1's database info endpoint reports; {@link D1Remote#describeDatabase()} returns it.
 *
 * @param uuid the database id
 * @param name the database name
 * @param version D1's storage version ("production" for current databases)
 * @param numTables number of tables
 * @param fileSize database size in bytes, when reported
 */
public record D1DatabaseInfo(
    String uuid, String name, String version, int numTables, OptionalLong fileSize) {}
