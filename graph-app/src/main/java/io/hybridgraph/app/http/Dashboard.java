package io.hybridgraph.app.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The dashboard page: {@code GET /} and its assets under {@code /dashboard/}, read once from the
 * classpath ({@code dashboard/} in this module, cytoscape from its WebJar). The assets hold no
 * data, so they are served without a token; everything they show comes from the API, which still
 * needs one when it is configured.
 */
final class Dashboard {

  static final String PREFIX = "/dashboard/";

  private static final String WEBJAR = "META-INF/resources/webjars/cytoscape/";
  private static final String WEBJAR_POM =
      "META-INF/maven/org.webjars.npm/cytoscape/pom.properties";
  private static final String JAVASCRIPT = "text/javascript; charset=utf-8";

  /**
   * Same-origin only: no script, style or connection elsewhere, no framing. Inline styles are
   * allowed because cytoscape positions its canvases with them.
   */
  private static final String POLICY =
      "default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self' data:;"
          + " style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none';"
          + " form-action 'none'";

  private final byte[] page = resource("dashboard/index.html");
  private final byte[] script = resource("dashboard/app.js");
  private final byte[] style = resource("dashboard/app.css");
  private final byte[] cytoscape = resource(WEBJAR + cytoscapeVersion() + "/dist/cytoscape.min.js");

  /** Whether a request is for the page or one of its assets (served without a token). */
  static boolean isAsset(Context ctx) {
    String path = ctx.path();
    return ctx.method().name().equals("GET") && (path.equals("/") || path.startsWith(PREFIX));
  }

  void routes(Javalin app) {
    app.get("/", ctx -> send(ctx, "text/html; charset=utf-8", page));
    app.get(PREFIX + "app.js", ctx -> send(ctx, JAVASCRIPT, script));
    app.get(PREFIX + "app.css", ctx -> send(ctx, "text/css; charset=utf-8", style));
    app.get(PREFIX + "vendor/cytoscape.min.js", ctx -> send(ctx, JAVASCRIPT, cytoscape));
  }

  private static void send(Context ctx, String contentType, byte[] body) {
    ctx.header("Content-Security-Policy", POLICY)
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "no-referrer")
        .header("Cache-Control", "no-cache")
        .contentType(contentType)
        .result(body);
  }

  private static String cytoscapeVersion() {
    Properties pom = new Properties();
    try (InputStream in = open(WEBJAR_POM)) {
      pom.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + WEBJAR_POM, e);
    }
    return pom.getProperty("version");
  }

  private static byte[] resource(String name) {
    try (InputStream in = open(name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the dashboard resource " + name, e);
    }
  }

  private static InputStream open(String name) {
    InputStream in = Dashboard.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException(
          "the dashboard resource " + name + " is missing from the classpath; rebuild the jar");
    }
    return in;
  }
}
