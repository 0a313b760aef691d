package io.hybridgraph.d1;

import feign.Headers;
import feign.Param;
import feign.RequestLine;
import java.util.List;

/** Cloudflare D1's REST API as an OpenFeign interface; built only by {@link D1Remote}. */
@Headers("Accept: application/json")
interface D1Api {

  /** One statement: {@code {"sql": ..., "params": [...]}}. */
  @RequestLine("POST /client/v4/accounts/{account}/d1/database/{database}/query")
  @Headers("Content-Type: application/json")
  List<D1Result> query(
      @Param("account") String account, @Param("database") String database, QueryBody body);

  /** Several statements in one transaction: {@code {"batch": [{"sql": ..., "params": [...]}]}}. */
  @RequestLine("POST /client/v4/accounts/{account}/d1/database/{database}/query")
  @Headers("Content-Type: application/json")
  List<D1Result> batch(
      @Param("account") String account, @Param("database") String database, BatchBody body);

  @RequestLine("GET /client/v4/accounts/{account}/d1/database/{database}")
  D1DatabaseInfo info(@Param("account") String account, @Param("database") String database);

  /** The JSON body of a single statement. */
  record QueryBody(String sql, List<Object> params) {
    static QueryBody of(D1Statement statement) {
      return new QueryBody(statement.sql(), statement.params());
    }
  }

  /** The JSON body of a batch. */
  record BatchBody(List<QueryBody> batch) {}
}
