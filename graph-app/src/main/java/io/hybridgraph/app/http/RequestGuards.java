package io.hybridgraph.app.http;

import io.hybridgraph.app.config.HttpSettings;
import io.javalin.http.Context;

/**
 * The checks every request passes before its handler: on a loopback address only requests addressed
 * to a loopback name (against DNS rebinding), no writes from another web origin (against cross-site
 * request forgery), and the API token when one is configured.
 */
final class RequestGuards {

  private final HttpSettings settings;
  private final boolean loopbackOnly;

  RequestGuards(HttpSettings settings, boolean loopbackOnly) {
    this.settings = settings;
    this.loopbackOnly = loopbackOnly;
  }

  /**
   * On a loopback address, answers only requests addressed to a loopback name or literal, so that a
   * web page cannot reach the API through DNS rebinding. The name is never resolved here.
   */
  void checkHost(Context ctx) {
    if (!loopbackOnly) {
      return;
    }
    String host = ctx.header("Host");
    String name = host == null ? "" : hostName(host);
    if (!isLoopbackName(name)) {
      throw new ApiException(
          403,
          "Host",
          "this server listens on a loopback address and answers only requests addressed to"
              + " 127.0.0.1, [::1] or localhost");
    }
  }

  private static String hostName(String hostHeader) {
    if (hostHeader.startsWith("[")) {
      int end = hostHeader.indexOf(']');
      return end < 0 ? hostHeader : hostHeader.substring(1, end);
    }
    int colon = hostHeader.indexOf(':');
    return colon < 0 ? hostHeader : hostHeader.substring(0, colon);
  }

  /**
   * Whether {@code name} is {@code localhost} or a literal loopback address ({@code 127.x.y.z} in
   * strict dotted decimal, {@code ::1}). Nothing is ever resolved: a name that merely looks like an
   * address ({@code facade.de}) could be answered by a rebinding DNS server.
   */
  static boolean isLoopbackName(String name) {
    if (name.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (name.equals("::1") || name.equals("0:0:0:0:0:0:0:1")) {
      return true;
    }
    String[] octets = name.split("\\.", -1);
    if (octets.length != 4) {
      return false;
    }
    for (String octet : octets) {
      if (octet.isEmpty()
          || octet.length() > 3
          || !octet.chars().allMatch(c -> c >= '0' && c <= '9')
          || (octet.length() > 1 && octet.charAt(0) == '0')
          || Integer.parseInt(octet) > 255) {
        return false;
      }
    }
    return octets[0].equals("127");
  }

  /**
   * Refuses writes sent by a web page of another origin (cross-site request forgery). On a loopback
   * address the origin must itself be a loopback origin, addressed as the request is; elsewhere it
   * must be the origin the request was addressed to.
   */
  void checkOrigin(Context ctx) {
    String method = ctx.method().name();
    if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
      return;
    }
    String origin = ctx.header("Origin");
    if (origin == null) {
      return;
    }
    String host = ctx.header("Host");
    boolean sameOrigin = host != null && origin.equalsIgnoreCase("http://" + host);
    boolean allowed =
        sameOrigin
            && (!loopbackOnly || isLoopbackName(hostName(origin.substring("http://".length()))));
    if (!allowed) {
      throw new ApiException(
          403, "Origin", "requests from another web origin may not change anything here");
    }
  }

  void authenticate(Context ctx) {
    if (settings.apiToken().isEmpty() || Dashboard.isAsset(ctx)) {
      return;
    }
    String header = ctx.header("Authorization");
    String presented =
        header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
            ? header.substring(7).strip()
            : null;
    if (header == null && isEventStream(ctx)) {
      // EventSource cannot send headers. Only this read-only stream accepts the query parameter,
      // and neither Javalin nor this class logs query strings.
      presented = ctx.queryParam("token");
    }
    if (!settings.apiToken().get().matches(presented)) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"hybrid-graph-sync\"");
      throw new ApiException(
          401,
          "Authorization",
          header == null && presented == null
              ? "this server requires an API token: send Authorization: Bearer <token>"
              : "the API token is wrong");
    }
  }

  private static boolean isEventStream(Context ctx) {
    return ctx.method().name().equals("GET") && ctx.path().equals("/api/events");
  }
}
