package dev.triage.sidecar.routes;

import dev.triage.sidecar.http.BearerAuth;
import dev.triage.sidecar.http.ErrorCode;
import dev.triage.sidecar.http.Responses;
import dev.triage.sidecar.http.RouteGroup;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The web page: {@code GET /} and its assets under {@code /ui/}, read from the jar once, served
 * without a token. The page is public; the API it calls is not, so with {@code server.token} set
 * the page asks for the token and sends it as a bearer header (its {@code triage-auth} meta tag
 * says whether one is needed, so the page asks before its first call rather than after a 401).
 * Mounted before the token check, and for GET and HEAD only: any other method on these paths goes
 * on to the token, and then finds no route (404).
 *
 * <p>Every asset goes out with its type, {@code nosniff}, and a policy that runs only the jar's own
 * scripts and styles: no inline script, no other origin, no framing of the page.
 */
public final class PageRoutes implements RouteGroup {
  /** Where the assets are, on the classpath. */
  static final String FOLDER = "/dev/triage/sidecar/web/";

  /** Every asset the page has; a test keeps this equal to the folder. */
  static final List<String> ASSETS =
      List.of(
          "index.html",
          "style.css",
          "frame.css",
          "icon.svg",
          "app.js",
          "api.js",
          "dom.js",
          "matrix.js",
          "diff.js",
          "preview.js");

  /** The Content-Security-Policy of every asset. */
  public static final String POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none';"
          + " frame-ancestors 'none'";

  /** An asset's type and bytes; a new buffer per answer, as buffers are not shared. */
  private record Asset(String type, byte[] body) {}

  private final Map<String, Asset> assets = load();
  private final BearerAuth auth;
  private final Asset withToken;
  private final Asset withoutToken;

  /** The page, telling the browser whether {@code auth} wants a token. */
  public PageRoutes(BearerAuth auth) {
    this.auth = auth;
    Asset index = assets.get("index.html");
    String html = new String(index.body(), StandardCharsets.UTF_8);
    this.withToken = new Asset(index.type(), authMeta(html, "bearer"));
    this.withoutToken = new Asset(index.type(), authMeta(html, "none"));
  }

  private static byte[] authMeta(String html, String value) {
    if (!html.contains("{{auth}}")) {
      throw new IllegalStateException("index.html lacks the {{auth}} of its triage-auth meta tag");
    }
    return html.replace("{{auth}}", value).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void mount(Router router) {
    router
        .route("/")
        .method(HttpMethod.GET)
        .method(HttpMethod.HEAD)
        .handler(ctx -> serve(ctx, "index.html"));
    router
        .route("/ui/*")
        .method(HttpMethod.GET)
        .method(HttpMethod.HEAD)
        .handler(ctx -> serve(ctx, ctx.request().path().substring("/ui/".length())));
  }

  private void serve(RoutingContext ctx, String name) {
    // Read on each request: a reload may set or drop the token.
    Asset asset =
        name.equals("index.html") ? (auth.required() ? withToken : withoutToken) : assets.get(name);
    ctx.response().putHeader("X-Content-Type-Options", "nosniff");
    if (asset == null) {
      Responses.error(ctx, ErrorCode.NOT_FOUND, "the page has no asset " + name, null);
      return;
    }
    ctx.response()
        .putHeader("Content-Type", asset.type())
        .putHeader("Content-Security-Policy", POLICY)
        .putHeader("Referrer-Policy", "no-referrer")
        // The assets change with the jar: revalidate rather than keep a stale page.
        .putHeader("Cache-Control", "no-cache")
        .end(Buffer.buffer(asset.body()));
  }

  private static Map<String, Asset> load() {
    Map<String, Asset> out = new LinkedHashMap<>();
    for (String name : ASSETS) {
      try (InputStream in = PageRoutes.class.getResourceAsStream(FOLDER + name)) {
        if (in == null) {
          throw new IllegalStateException("the jar lacks the page's asset " + FOLDER + name);
        }
        out.put(name, new Asset(type(name), in.readAllBytes()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return Map.copyOf(out);
  }

  static String type(String name) {
    String extension = name.substring(name.lastIndexOf('.') + 1);
    switch (extension) {
      case "html":
        return "text/html; charset=utf-8";
      case "css":
        return "text/css; charset=utf-8";
      case "js":
        return "text/javascript; charset=utf-8";
      case "svg":
        return "image/svg+xml";
      default:
        throw new IllegalArgumentException("no content type for " + name);
    }
  }
}
