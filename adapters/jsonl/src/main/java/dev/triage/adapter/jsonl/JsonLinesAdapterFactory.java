package dev.triage.adapter.jsonl;

import dev.triage.adapter.AdapterContext;
import dev.triage.adapter.AdapterFactory;
import dev.triage.adapter.AdapterSettings;
import dev.triage.adapter.NetworkAdapter;
import java.nio.file.Path;

/** Makes {@code type: jsonl} adapters. Settings: {@code path} (required), the file to append to. */
public final class JsonLinesAdapterFactory implements AdapterFactory {
  @Override
  public String type() {
    return "jsonl";
  }

  @Override
  public Path configure(AdapterSettings settings) {
    settings.onlyKeys("path");
    String path = settings.text("path", true);
    if (path == null) {
      return null;
    }
    Path file = Path.of(path).toAbsolutePath();
    if (file.getParent() == null || !java.nio.file.Files.isDirectory(file.getParent())) {
      settings.problem("path", "the folder of " + path + " does not exist");
    }
    return file;
  }

  @Override
  public NetworkAdapter create(AdapterContext context) {
    return new JsonLinesAdapter(context.network(), context.settings(Path.class));
  }
}
