package dev.triage.sidecar;

import dev.triage.capability.Capabilities;
import dev.triage.config.ShippedProfiles;
import dev.triage.rule.CapabilityMatrix;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code triage matrix}: capabilities side by side, for a bridge's documentation — the same rows,
 * groups and meanings as the sidecar's page and {@code GET /v1/capability-matrix}.
 */
@Command(
    name = "matrix",
    mixinStandardHelpOptions = true,
    description = {
      "Print the capability matrix: one column per network, one row per capability, grouped"
          + " (messages, files per msgtype, formatting, reactions, polls, state, members, chat),"
          + " as a Markdown document or an HTML table."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:the matrix was printed", "2:a document is missing or invalid"})
final class MatrixCommand implements Callable<Integer> {
  enum Format {
    markdown,
    html
  }

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--format",
      defaultValue = "markdown",
      description = "markdown (the default) or html (a <table> to style and embed).")
  Format format;

  @Option(
      names = "--variants",
      description =
          "Every shipped profile, variants too (whatsapp.group, …); without it, one per network.")
  boolean variants;

  @Parameters(
      arity = "0..*",
      paramLabel = "PROFILE",
      description =
          "Profile names or capability files to compare, in this order (default: the shipped"
              + " networks).")
  List<String> sources = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Map<String, Capabilities> documents = new LinkedHashMap<>();
    try {
      if (sources.isEmpty()) {
        ShippedProfiles.all()
            .forEach(
                (name, caps) -> {
                  if (variants || name.indexOf('.') < 0) {
                    documents.put(name, caps);
                  }
                });
      }
      for (String source : sources) {
        Path file = Path.of(source);
        documents.put(
            Files.isRegularFile(file) ? file.getFileName().toString() : source,
            DiffCommand.load(source));
      }
    } catch (IllegalArgumentException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("triage matrix: " + e.getMessage());
      err.flush();
      return 2;
    }
    CapabilityMatrix matrix = CapabilityMatrix.of(documents);
    out.print(format == Format.html ? html(matrix) : markdown(matrix));
    out.flush();
    return 0;
  }

  /** A Markdown document: the legend, then one table per group. */
  static String markdown(CapabilityMatrix matrix) {
    StringBuilder out = new StringBuilder();
    out.append("# Capability matrix\n\n");
    out.append(
        "Each cell is the capability's level (-2..2) or limit (∞: none); \"—\" where the row does"
            + " not apply.\n\n");
    out.append("| level | name | what Triage does |\n|---:|---|---|\n");
    for (CapabilityMatrix.LevelKey key : CapabilityMatrix.legend()) {
      out.append("| ")
          .append(key.level())
          .append(" | ")
          .append(key.name())
          .append(" | ")
          .append(key.rule())
          .append(" |\n");
    }
    for (CapabilityMatrix.Group group : matrix.groups()) {
      out.append("\n## ").append(md(group.title())).append("\n\n| capability |");
      matrix.columns().forEach(column -> out.append(' ').append(md(column)).append(" |"));
      out.append("\n|---|");
      matrix.columns().forEach(column -> out.append(":---:|"));
      out.append('\n');
      for (CapabilityMatrix.Row row : group.rows()) {
        out.append("| ").append(md(row.label())).append(" `").append(row.field()).append("` |");
        row.cells().forEach(cell -> out.append(' ').append(md(cell.text())).append(" |"));
        out.append('\n');
      }
    }
    return out.toString();
  }

  private static String md(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      // Intraword underscores are not emphasis in CommonMark; asterisks are.
      if ("\\`*|<>[]".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  /**
   * One {@code <table class="triage-matrix">}: a {@code <tbody>} per group, cells classed {@code
   * level-2} … {@code level-m2} with what Triage does in their {@code title}; no styles of its own.
   */
  static String html(CapabilityMatrix matrix) {
    StringBuilder out = new StringBuilder();
    out.append("<table class=\"triage-matrix\">\n<thead><tr><th scope=\"col\">capability</th>");
    matrix
        .columns()
        .forEach(column -> out.append("<th scope=\"col\">").append(html(column)).append("</th>"));
    out.append("</tr></thead>\n");
    for (CapabilityMatrix.Group group : matrix.groups()) {
      out.append("<tbody><tr><th scope=\"rowgroup\" colspan=\"")
          .append(matrix.columns().size() + 1)
          .append("\">")
          .append(html(group.title()))
          .append("</th></tr>\n");
      for (CapabilityMatrix.Row row : group.rows()) {
        out.append("<tr><th scope=\"row\">")
            .append(html(row.label()))
            .append(" <code>")
            .append(html(row.field()))
            .append("</code></th>");
        for (CapabilityMatrix.Cell cell : row.cells()) {
          out.append("<td");
          if (cell.level() != null) {
            int level = cell.level();
            out.append(" class=\"level-").append(level < 0 ? "m" + -level : level).append('"');
          }
          out.append(" title=\"")
              .append(html(cell.meaning()))
              .append("\">")
              .append(html(cell.text()))
              .append("</td>");
        }
        out.append("</tr>\n");
      }
      out.append("</tbody>\n");
    }
    out.append("</table>\n");
    return out.toString();
  }

  private static String html(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
