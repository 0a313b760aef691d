package io.hybridgraph.app.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.hybridgraph.domain.graph.TraversalFilter;
import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.ConnectionTypes;
import io.hybridgraph.domain.model.Direction;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.Similarity;
import io.hybridgraph.domain.port.in.QueryParameterException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns requests into domain values, failing with an {@link ApiException} that names the field and
 * says what was wrong (the domain's own validation message where there is one).
 */
final class RequestParser {

  static final Set<String> ASSOCIATION_FIELDS =
      Set.of(
          "source_hash",
          "target_hash",
          "similarity",
          "connection_types",
          "metadata",
          "relationship_type",
          "created_at");

  /** The last second of the year 9999: later creation times are not plausible. */
  static final double MAX_CREATED_AT = 253_402_300_799d;

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final ObjectMapper mapper;
  private final ObjectReader reader;
  private final int maxBodyBytes;
  private final Clock clock;

  RequestParser(ObjectMapper mapper, int maxBodyBytes, Clock clock) {
    this.mapper = mapper;
    this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.maxBodyBytes = maxBodyBytes;
    this.clock = clock;
  }

  /**
   * The body as JSON: sent as {@code application/json} (415 otherwise), at most {@code
   * maxBodyBytes} long (413 beyond), one well-formed JSON value with nothing after it (400).
   */
  JsonNode json(Context ctx) {
    requireJsonContentType(ctx.header("Content-Type"));
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBodyBytes) {
      throw tooLarge();
    }
    byte[] body;
    try (InputStream in = ctx.req().getInputStream()) {
      body = in.readNBytes(maxBodyBytes + 1);
    } catch (IOException e) {
      throw ApiException.badRequest(
          "body", "the request body could not be read: it ended early or its framing is broken");
    }
    if (body.length > maxBodyBytes) {
      throw tooLarge();
    }
    if (body.length == 0) {
      throw ApiException.badRequest("body", "the request body is empty; send a JSON object");
    }
    try {
      return reader.readTree(body);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw ApiException.badRequest(
          "body", "malformed JSON" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiException.badRequest("body", "the request body could not be read as JSON");
    }
  }

  /**
   * Accepts {@code application/json}, in any letter case, with at most a UTF-8 charset parameter;
   * {@code application/jsonx} or {@code application/json-patch+json} are not JSON bodies here.
   */
  static void requireJsonContentType(String header) {
    String problem = null;
    if (header == null || header.isBlank()) {
      problem = "send the body as JSON with Content-Type: application/json";
    } else {
      String[] parts = header.split(";", -1);
      if (!parts[0].strip().equalsIgnoreCase("application/json")) {
        problem =
            "send the body as JSON with Content-Type: application/json, not '"
                + ErrorBodies.printable(parts[0].strip())
                + "'";
      }
      for (int i = 1; i < parts.length && problem == null; i++) {
        String parameter = parts[i].strip().toLowerCase(java.util.Locale.ROOT).replace("\"", "");
        if (!parameter.equals("charset=utf-8")) {
          problem =
              "the only Content-Type parameter accepted is charset=utf-8, not '"
                  + ErrorBodies.printable(parts[i].strip())
                  + "'";
        }
      }
    }
    if (problem != null) {
      throw new ApiException(415, "Content-Type", problem);
    }
  }

  private ApiException tooLarge() {
    return new ApiException(
        413, "body", "the request body must be at most " + maxBodyBytes + " bytes");
  }

  /** A store request in the Python service's {@code store_association} shape. */
  Association association(JsonNode body) {
    if (!body.isObject()) {
      throw ApiException.badRequest("body", "the request body must be a JSON object");
    }
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!ASSOCIATION_FIELDS.contains(name)) {
        throw ApiException.badRequest(
            name,
            "unknown field; accepted fields: " + String.join(", ", sorted(ASSOCIATION_FIELDS)));
      }
    }
    MemoryHash source = hash("source_hash", requiredText(body, "source_hash"));
    MemoryHash target = hash("target_hash", requiredText(body, "target_hash"));
    JsonNode similarityNode = body.get("similarity");
    if (similarityNode == null || similarityNode.isNull()) {
      throw ApiException.badRequest("similarity", "similarity is required");
    }
    if (!similarityNode.isNumber()) {
      throw ApiException.badRequest(
          "similarity", "similarity must be a number within [0, 1], was " + similarityNode);
    }
    Similarity similarity = field("similarity", () -> Similarity.of(similarityNode.doubleValue()));
    RelationshipType type = RelationshipType.RELATED;
    JsonNode typeNode = body.get("relationship_type");
    if (typeNode != null && !typeNode.isNull()) {
      if (!typeNode.isTextual()) {
        throw ApiException.badRequest("relationship_type", "relationship_type must be a string");
      }
      type = field("relationship_type", () -> RelationshipType.parse(typeNode.textValue()));
    }
    ConnectionTypes connectionTypes = ConnectionTypes.none();
    JsonNode typesNode = body.get("connection_types");
    if (typesNode != null && !typesNode.isNull()) {
      if (!typesNode.isArray()) {
        throw ApiException.badRequest(
            "connection_types", "connection_types must be an array of strings");
      }
      List<String> values = new ArrayList<>();
      for (JsonNode entry : typesNode) {
        if (!entry.isTextual()) {
          throw ApiException.badRequest(
              "connection_types", "connection_types must hold strings only, found " + entry);
        }
        values.add(entry.textValue());
      }
      connectionTypes = field("connection_types", () -> ConnectionTypes.of(values));
    }
    Metadata metadata = Metadata.empty();
    JsonNode metadataNode = body.get("metadata");
    if (metadataNode != null && !metadataNode.isNull()) {
      if (!metadataNode.isObject()) {
        throw ApiException.badRequest("metadata", "metadata must be a JSON object");
      }
      metadata = field("metadata", () -> Metadata.of(mapper.convertValue(metadataNode, MAP)));
    }
    double createdAt = clock.millis() / 1000.0;
    JsonNode createdNode = body.get("created_at");
    if (createdNode != null && !createdNode.isNull()) {
      if (!createdNode.isNumber()) {
        throw ApiException.badRequest(
            "created_at", "created_at must be a number of epoch seconds, was " + createdNode);
      }
      createdAt = createdNode.doubleValue();
    }
    RelationshipType finalType = type;
    ConnectionTypes finalTypes = connectionTypes;
    Metadata finalMetadata = metadata;
    double finalCreatedAt = createdAt;
    if (!Double.isFinite(createdAt) || createdAt < 0 || createdAt > MAX_CREATED_AT) {
      throw ApiException.badRequest(
          "created_at",
          "created_at must be epoch seconds within [0, "
              + (long) MAX_CREATED_AT
              + "] (up to the year 9999), was "
              + createdAt);
    }
    return field(
        "target_hash",
        () ->
            new Association(
                source, target, finalType, similarity, finalTypes, finalMetadata, finalCreatedAt));
  }

  private static String requiredText(JsonNode body, String name) {
    JsonNode node = body.get(name);
    if (node == null || node.isNull()) {
      throw ApiException.badRequest(name, name + " is required");
    }
    if (!node.isTextual()) {
      throw ApiException.badRequest(name, name + " must be a string, was " + node.getNodeType());
    }
    return node.textValue();
  }

  /** A memory hash from a path or query parameter or body field. */
  static MemoryHash hash(String field, String value) {
    return field(field, () -> new MemoryHash(value));
  }

  /** Rejects query parameters the endpoint does not know, naming them. */
  static void onlyParameters(Context ctx, Set<String> allowed) {
    for (String name : ctx.queryParamMap().keySet()) {
      if (!allowed.contains(name)) {
        throw ApiException.badRequest(
            name,
            allowed.isEmpty()
                ? "this endpoint takes no query parameters"
                : "unknown query parameter; accepted: " + String.join(", ", sorted(allowed)));
      }
    }
  }

  /** A whole number; its bounds are those of the query record it goes into ({@link #query}). */
  static int intParameter(Context ctx, String name, int fallback) {
    String raw = ctx.queryParam(name);
    if (raw == null) {
      return fallback;
    }
    if (!raw.matches("[0-9]{1,9}")) {
      throw ApiException.badRequest(
          name, name + " must be a whole number, was '" + ErrorBodies.printable(raw) + "'");
    }
    return Integer.parseInt(raw);
  }

  /**
   * Builds a query record, turning a parameter out of its bounds into a 400 naming the parameter
   * (the record's own message).
   */
  static <T> T query(Supplier<T> build) {
    try {
      return build.get();
    } catch (QueryParameterException e) {
      throw ApiException.badRequest(e.parameter(), e.getMessage());
    }
  }

  static boolean boolParameter(Context ctx, String name, boolean fallback) {
    String raw = ctx.queryParam(name);
    if (raw == null) {
      return fallback;
    }
    return switch (raw) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw ApiException.badRequest(
              name, name + " must be true or false, was '" + ErrorBodies.printable(raw) + "'");
    };
  }

  static String requiredParameter(Context ctx, String name) {
    String raw = ctx.queryParam(name);
    if (raw == null) {
      throw ApiException.badRequest(name, name + " is required");
    }
    return raw;
  }

  static Direction direction(Context ctx) {
    String raw = ctx.queryParam("direction");
    if (raw == null || raw.isBlank()) {
      return Direction.BOTH;
    }
    return field("direction", () -> Direction.parse(raw));
  }

  static Set<RelationshipType> types(Context ctx) {
    String raw = ctx.queryParam("types");
    if (raw == null || raw.isBlank()) {
      return Set.of();
    }
    EnumSet<RelationshipType> types = EnumSet.noneOf(RelationshipType.class);
    for (String name : raw.split(",")) {
      types.add(field("types", () -> RelationshipType.parse(name)));
    }
    return types;
  }

  static TraversalFilter filter(Context ctx) {
    return TraversalFilter.of(direction(ctx), types(ctx));
  }

  /** Runs a domain constructor, turning its validation failure into a 400 naming {@code field}. */
  static <T> T field(String field, Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(field, e.getMessage());
    }
  }

  private static List<String> sorted(Set<String> names) {
    return names.stream().sorted().toList();
  }
}
