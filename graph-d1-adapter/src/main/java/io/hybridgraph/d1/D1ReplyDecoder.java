package io.hybridgraph.d1;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import feign.Response;
import feign.codec.Decoder;
import io.hybridgraph.d1.ReplyClassifier.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Reads a 2xx reply: D1's envelope, checked for {@code success} at the top and for every statement,
 * into {@link D1Result}s or {@link D1DatabaseInfo}. Anything else (a body cut short, not JSON, not
 * the envelope's shape) becomes a {@link RetryableRemoteException}.
 */
final class D1ReplyDecoder implements Decoder {

  private static final TypeReference<Map<String, Object>> ROW = new TypeReference<>() {};

  private final ObjectMapper mapper;
  private final ReplyClassifier classifier;

  D1ReplyDecoder(ObjectMapper mapper, ReplyClassifier classifier) {
    this.mapper = mapper;
    this.classifier = classifier;
  }

  @Override
  public Object decode(Response response, Type type) {
    int status = response.status();
    Operation operation = operationOf(response);
    byte[] body;
    try {
      body = readFully(response);
    } catch (IOException e) {
      throw classifier.transport(operation, e);
    }
    JsonNode envelope;
    try {
      envelope = mapper.readTree(body);
    } catch (JsonProcessingException e) {
      throw classifier.malformed(status, "not valid JSON: " + e.getOriginalMessage(), body, null);
    } catch (IOException e) {
      throw classifier.malformed(status, "unreadable: " + e.getMessage(), body, null);
    }
    if (envelope == null || !envelope.isObject()) {
      throw classifier.malformed(status, "not a JSON object", body, null);
    }
    JsonNode success = envelope.get("success");
    if (success == null || !success.isBoolean()) {
      throw classifier.malformed(status, "no boolean 'success'", body, null);
    }
    if (!success.booleanValue()) {
      throw classifier.fromUnsuccessful(status, envelope, response.headers(), operation);
    }
    JsonNode result = envelope.get("result");
    if (type == D1DatabaseInfo.class) {
      return info(status, result, body);
    }
    return results(status, result, body, response);
  }

  private List<D1Result> results(int status, JsonNode result, byte[] body, Response response) {
    if (result == null || !result.isArray()) {
      throw classifier.malformed(status, "'result' is not a list", body, null);
    }
    List<D1Result> out = new ArrayList<>(result.size());
    for (JsonNode entry : result) {
      if (!entry.isObject()) {
        throw classifier.malformed(status, "a 'result' entry is not an object", body, null);
      }
      JsonNode entrySuccess = entry.get("success");
      if (entrySuccess != null && entrySuccess.isBoolean() && !entrySuccess.booleanValue()) {
        throw classifier.fromUnsuccessful(status, entry, response.headers(), Operation.QUERY);
      }
      JsonNode rows = entry.path("results");
      List<Map<String, Object>> parsed = new ArrayList<>(rows.size());
      if (!rows.isMissingNode() && !rows.isNull()) {
        if (!rows.isArray()) {
          throw classifier.malformed(status, "'results' is not a list", body, null);
        }
        for (JsonNode row : rows) {
          if (!row.isObject()) {
            throw classifier.malformed(status, "a row is not an object", body, null);
          }
          parsed.add(mapper.convertValue(row, ROW));
        }
      }
      out.add(new D1Result(parsed, meta(entry.path("meta"))));
    }
    return out;
  }

  private D1DatabaseInfo info(int status, JsonNode result, byte[] body) {
    if (result == null || !result.isObject()) {
      throw classifier.malformed(status, "'result' is not an object", body, null);
    }
    JsonNode size = result.path("file_size");
    return new D1DatabaseInfo(
        result.path("uuid").asText(""),
        result.path("name").asText(""),
        result.path("version").asText(""),
        result.path("num_tables").asInt(0),
        size.isNumber() ? OptionalLong.of(size.asLong()) : OptionalLong.empty());
  }

  private static D1Meta meta(JsonNode meta) {
    JsonNode size = meta.path("size_after");
    return new D1Meta(
        meta.path("changes").asLong(0),
        meta.path("last_row_id").asLong(0),
        meta.path("rows_read").asLong(0),
        meta.path("rows_written").asLong(0),
        meta.path("duration").asDouble(0),
        meta.path("changed_db").asBoolean(false),
        size.isNumber() ? OptionalLong.of(size.asLong()) : OptionalLong.empty());
  }

  static Operation operationOf(Response response) {
    return response.request() != null
            && response.request().httpMethod() == feign.Request.HttpMethod.GET
        ? Operation.INFO
        : Operation.QUERY;
  }

  private static byte[] readFully(Response response) throws IOException {
    if (response.body() == null) {
      return new byte[0];
    }
    try (InputStream in = response.body().asInputStream()) {
      return in.readAllBytes();
    }
  }
}
