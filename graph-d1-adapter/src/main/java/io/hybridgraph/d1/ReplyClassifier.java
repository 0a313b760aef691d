package io.hybridgraph.d1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridgraph.domain.port.out.RemoteGraphException;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns every kind of D1 reply (or the lack of one) into exactly one {@link RemoteGraphException}
 * category, keeping D1's code and message and never the API token.
 *
 * <p>Rules, in order: a token Cloudflare cannot read (400, code 6003, {@code error_chain} 6111) is
 * an authentication failure saying the token is malformed; 401/403 and the authentication codes are
 * authentication failures; 404 is a missing database (or route); an error saying the account
 * exceeded its daily row read or write limit is {@link RemoteGraphException.QuotaExhausted} until
 * the next 00:00 UTC; 429, 408, 409, every 5xx, errors D1 documents as transient ("Network
 * connection lost", an object reset, an overloaded database) and replies that are cut short or not
 * the JSON D1 sends are retryable; everything else, including a 200 whose {@code success} is false
 * for another reason, is rejected.
 */
final class ReplyClassifier {

  /** Codes Cloudflare uses for a token that is wrong or not allowed. */
  private static final List<Integer> AUTH_CODES = List.of(10000, 10001, 7403, 9106, 9109);

  private static final int DATABASE_NOT_FOUND = 7404;

  /** Cloudflare's "Invalid request headers", given for an Authorization header it cannot read. */
  private static final int MALFORMED_HEADERS = 6003;

  /** Cloudflare's "Invalid format for Authorization header", in the error chain of a 6003. */
  private static final int MALFORMED_AUTHORIZATION = 6111;

  /** Message fragments of errors D1 documents as transient (its "retry queries" guidance). */
  private static final List<String> TRANSIENT_MARKERS =
      List.of(
          "network connection lost",
          "storage caused object to be reset",
          "object to be reset",
          "reset because its code was updated",
          "overloaded",
          "internal error",
          "sqlite_busy",
          "database is locked",
          "please try again");

  private static final int MAX_QUOTED_BODY = 300;

  private final ObjectMapper mapper;
  private final Redactor redactor;
  private final String accountId;
  private final String databaseId;
  private final Clock clock;

  ReplyClassifier(
      ObjectMapper mapper, Redactor redactor, String accountId, String databaseId, Clock clock) {
    this.mapper = mapper;
    this.redactor = redactor;
    this.accountId = accountId;
    this.databaseId = databaseId;
    this.clock = clock;
  }

  /**
   * One error D1 reported: its code (0 if none), its message (null if none) and the codes of its
   * {@code error_chain} (the causes Cloudflare nests under it, their messages joined to {@code
   * message}).
   */
  record D1Error(int code, String message, List<Integer> chain) {
    D1Error(int code, String message) {
      this(code, message, List.of());
    }
  }

  /** A reply with a status outside 2xx. */
  RemoteGraphException fromStatus(
      int status, Map<String, Collection<String>> headers, byte[] body, Operation operation) {
    D1Error error = errorOf(body);
    Duration retryAfter = retryAfter(headers);
    return classify(status, error, retryAfter, operation);
  }

  /** A 2xx reply whose envelope says {@code success: false}. */
  RemoteGraphException fromUnsuccessful(
      int status, JsonNode envelope, Map<String, Collection<String>> headers, Operation operation) {
    D1Error error = errorOf(envelope);
    if (error.code() == 0 && error.message() == null) {
      error = new D1Error(0, "the reply said success: false without naming an error");
    }
    return classify(status, error, retryAfter(headers), operation);
  }

  /** A 2xx reply that is not the JSON envelope D1 sends (cut short, not JSON, wrong shape). */
  RetryableRemoteException malformed(int status, String problem, byte[] body, Throwable cause) {
    String quoted = quote(body);
    return new RetryableRemoteException(
        redactor.redact(
            "D1 answered HTTP "
                + status
                + " with a malformed reply ("
                + problem
                + ")"
                + (quoted.isEmpty() ? "" : ": " + quoted)
                + "; the request may or may not have been applied, retry it"),
        status,
        0,
        null,
        null,
        safeCause(cause));
  }

  /** No complete reply arrived: connection refused or reset, timeout, body cut short. */
  RetryableRemoteException transport(Operation operation, IOException cause) {
    String what =
        cause instanceof HttpTimeoutException
            ? "no complete reply within the read timeout"
            : "the connection failed: "
                + cause.getClass().getSimpleName()
                + ": "
                + cause.getMessage();
    return new RetryableRemoteException(
        redactor.redact(
            "D1 "
                + operation.description
                + " for database '"
                + databaseId
                + "' got "
                + what
                + "; the request may or may not have been applied, retry it"),
        0,
        0,
        null,
        null,
        safeCause(cause));
  }

  private RemoteGraphException classify(
      int status, D1Error error, Duration retryAfter, Operation operation) {
    String remote = redactor.redact(error.message());
    String detail = detail(status, error.code(), remote);
    if (error.code() == MALFORMED_HEADERS || error.chain().contains(MALFORMED_AUTHORIZATION)) {
      return new RemoteAuthenticationException(
          redactor.redact(
              "Cloudflare could not read the API token for account '"
                  + accountId
                  + "' ("
                  + detail
                  + "): the token is malformed; set the D1 setting apiToken to the API token"
                  + " exactly as Cloudflare showed it (no quotes, no 'Bearer ' prefix, nothing cut"
                  + " off)"),
          status,
          error.code(),
          remote);
    }
    if (status == 401 || status == 403 || AUTH_CODES.contains(error.code())) {
      return new RemoteAuthenticationException(
          redactor.redact(
              "Cloudflare refused the API token for account '"
                  + accountId
                  + "' ("
                  + detail
                  + "): the token must be valid, belong to that account and have the "
                  + operation.permission
                  + " permission to "
                  + operation.description),
          status,
          error.code(),
          remote);
    }
    if (status == 404 || error.code() == DATABASE_NOT_FOUND) {
      return new RemoteDatabaseNotFoundException(
          redactor.redact(
              "D1 database '"
                  + databaseId
                  + "' was not found in account '"
                  + accountId
                  + "' ("
                  + detail
                  + "): check the D1 settings accountId, databaseId and baseUrl"),
          status,
          error.code(),
          remote);
    }
    Optional<RemoteGraphException.QuotaExhausted.Limit> quota = DailyQuota.spent(remote);
    if (quota.isPresent()) {
      return DailyQuota.exhausted(
          quota.get(), clock, status, error.code(), remote, operation.description, detail);
    }
    if (status == 429) {
      return new RetryableRemoteException(
          redactor.redact(
              "D1 rate limit exceeded ("
                  + detail
                  + ")"
                  + (retryAfter == null
                      ? "; retry later"
                      : "; retry after " + retryAfter.toMillis() + " ms")),
          status,
          error.code(),
          remote,
          retryAfter,
          null);
    }
    if (status == 408 || status == 409 || status >= 500 || isTransient(remote)) {
      return new RetryableRemoteException(
          redactor.redact(
              "D1 failed transiently ("
                  + detail
                  + ")"
                  + (retryAfter == null
                      ? "; retry later"
                      : "; retry after " + retryAfter.toMillis() + " ms")),
          status,
          error.code(),
          remote,
          retryAfter,
          null);
    }
    String hint = status == 413 ? ": the request is too large, lower maxBytesPerRequest" : "";
    return new RejectedRemoteException(
        redactor.redact("D1 rejected the " + operation.description + " (" + detail + ")" + hint),
        status,
        error.code(),
        remote,
        null);
  }

  private static String detail(int status, int code, String message) {
    StringBuilder out = new StringBuilder("HTTP ").append(status);
    if (code != 0) {
      out.append(", code ").append(code);
    }
    if (message != null && !message.isEmpty()) {
      out.append(": ").append(message);
    }
    return out.toString();
  }

  static boolean isTransient(String message) {
    if (message == null) {
      return false;
    }
    String lower = message.toLowerCase(Locale.ROOT);
    return TRANSIENT_MARKERS.stream().anyMatch(lower::contains);
  }

  private D1Error errorOf(byte[] body) {
    if (body == null || body.length == 0) {
      return new D1Error(0, null);
    }
    try {
      return errorOf(mapper.readTree(body));
    } catch (IOException | RuntimeException e) {
      String quoted = quote(body);
      return new D1Error(0, quoted.isEmpty() ? null : quoted);
    }
  }

  private static D1Error errorOf(JsonNode envelope) {
    if (envelope == null || !envelope.isObject()) {
      return new D1Error(0, null);
    }
    JsonNode errors = envelope.path("errors");
    int code = 0;
    List<String> messages = new ArrayList<>();
    List<Integer> chain = new ArrayList<>();
    if (errors.isArray()) {
      for (JsonNode error : errors) {
        if (code == 0 && error.path("code").canConvertToInt()) {
          code = error.path("code").asInt();
        }
        String message = error.path("message").asText("");
        if (!message.isEmpty()) {
          messages.add(message);
        }
        for (JsonNode cause : error.path("error_chain")) {
          if (cause.path("code").canConvertToInt()) {
            chain.add(cause.path("code").asInt());
          }
          String causeMessage = cause.path("message").asText("");
          if (!causeMessage.isEmpty()) {
            messages.add(causeMessage);
          }
        }
      }
    }
    return new D1Error(code, messages.isEmpty() ? null : String.join("; ", messages), chain);
  }

  private static String quote(byte[] body) {
    if (body == null || body.length == 0) {
      return "";
    }
    String text =
        new String(
                body,
                0,
                Math.min(body.length, MAX_QUOTED_BODY * 4),
                java.nio.charset.StandardCharsets.UTF_8)
            .strip();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && out.length() < MAX_QUOTED_BODY; i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) ? ' ' : c);
    }
    if (text.length() > MAX_QUOTED_BODY) {
      out.append("...");
    }
    return out.toString();
  }

  /** Reads {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable. */
  Duration retryAfter(Map<String, Collection<String>> headers) {
    return ReplyHeaders.retryAfter(headers, clock).orElse(null);
  }

  /**
   * A cause safe to keep: the transport's own exception, never a Feign exception (those hold the
   * request, headers and token included).
   */
  private static Throwable safeCause(Throwable cause) {
    Throwable current = cause;
    while (current != null && current.getClass().getName().startsWith("feign.")) {
      current = current.getCause();
    }
    return current;
  }

  /** Which kind of call failed, to name it and the token permission it needs. */
  enum Operation {
    QUERY("run queries", "Account > D1 > Edit"),
    INFO("read database info", "Account > D1 > Read");

    final String description;
    final String permission;

    Operation(String description, String permission) {
      this.description = description;
      this.permission = permission;
    }
  }
}
