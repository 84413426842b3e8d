package dev.triage.sidecar.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.capability.Capabilities;
import dev.triage.config.ShippedProfiles;
import dev.triage.rule.CapabilityDiff;
import dev.triage.rule.CapabilityMatrix;
import dev.triage.sidecar.http.ApiException;
import dev.triage.sidecar.http.Responses;
import dev.triage.sidecar.http.RouteGroup;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The shipped profiles compared: {@code GET /v1/profiles/{a}/diff/{b}} (what {@code triage diff A
 * B} prints, as JSON) and {@code GET /v1/capability-matrix} (what {@code triage matrix} prints).
 * Both are the core's {@link CapabilityDiff} and {@link CapabilityMatrix}, so the page that shows
 * them and the commands cannot disagree. The matrix is not under {@code /v1/matrix}: that prefix is
 * Matrix events ({@code /v1/matrix/mediate}).
 */
public final class CompareRoutes implements RouteGroup {
  /** Profiles are immutable and ship with the jar: the matrix is built once. */
  private final ObjectNode matrix = matrixJson();

  @Override
  public void mount(Router router) {
    router.get("/v1/profiles/:a/diff/:b").handler(this::diff);
    router.get("/v1/capability-matrix").handler(ctx -> Responses.json(ctx, 200, matrix));
  }

  private void diff(RoutingContext ctx) {
    Capabilities a = profile(ctx.pathParam("a"));
    Capabilities b = profile(ctx.pathParam("b"));
    ObjectNode out =
        Responses.object().put("from", ctx.pathParam("a")).put("to", ctx.pathParam("b"));
    ArrayNode changes = out.putArray("changes");
    for (CapabilityDiff.Change change : CapabilityDiff.between(a, b)) {
      changes
          .addObject()
          .put("field", change.field())
          .put("from", change.before())
          .put("to", change.after())
          .put("meaning", change.meaning());
    }
    Responses.json(ctx, 200, out);
  }

  private static Capabilities profile(String name) {
    return ShippedProfiles.get(name)
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "no shipped profile named " + name + " (GET /v1/profiles lists them)"));
  }

  /** {@code {columns: [...], legend: [...], groups: [{key, title, rows: [...]}]}}. */
  static ObjectNode matrixJson() {
    CapabilityMatrix model = CapabilityMatrix.of(ShippedProfiles.all());
    ObjectNode out = Responses.object();
    ArrayNode columns = out.putArray("columns");
    for (String name : model.columns()) {
      int dot = name.indexOf('.');
      ObjectNode column =
          columns
              .addObject()
              .put("name", name)
              .put("network", dot < 0 ? name : name.substring(0, dot))
              .put("variant", dot >= 0);
      String id = ShippedProfiles.get(name).orElseThrow().id();
      if (id != null) {
        column.put("id", id);
      }
    }
    ArrayNode legend = out.putArray("legend");
    for (CapabilityMatrix.LevelKey key : CapabilityMatrix.legend()) {
      legend.addObject().put("level", key.level()).put("name", key.name()).put("rule", key.rule());
    }
    ArrayNode groups = out.putArray("groups");
    for (CapabilityMatrix.Group group : model.groups()) {
      ObjectNode g = groups.addObject().put("key", group.key()).put("title", group.title());
      ArrayNode rows = g.putArray("rows");
      for (CapabilityMatrix.Row row : group.rows()) {
        ObjectNode r = rows.addObject().put("field", row.field()).put("label", row.label());
        ArrayNode cells = r.putArray("cells");
        for (CapabilityMatrix.Cell cell : row.cells()) {
          ObjectNode c = cells.addObject().put("text", cell.text());
          if (cell.value() != null) {
            c.set("value", cell.value());
          }
          if (cell.level() != null) {
            c.put("level", cell.level());
          }
          c.put("meaning", cell.meaning());
        }
      }
    }
    return out;
  }
}
