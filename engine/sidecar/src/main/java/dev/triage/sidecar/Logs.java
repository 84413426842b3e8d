package dev.triage.sidecar;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.config.TriageConfig;
import dev.triage.json.TriageJson;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Logging through java.util.logging, one line per event, as text or JSON. Vert.x and Netty log
 * through the same handlers.
 */
public final class Logs {
  public static final Logger SERVER = Logger.getLogger("dev.triage.sidecar");
  public static final Logger REQUESTS = Logger.getLogger("dev.triage.sidecar.requests");
  public static final Logger DECISIONS = Logger.getLogger("dev.triage.sidecar.decisions");

  private Logs() {}

  /** Sends every log line to standard error in the configured format, at the configured level. */
  static void configure(TriageConfig.Logging logging) {
    Logger root = Logger.getLogger("");
    for (Handler handler : root.getHandlers()) {
      root.removeHandler(handler);
    }
    ConsoleHandler handler = new ConsoleHandler();
    Level level = level(logging.level());
    handler.setLevel(level);
    handler.setFormatter(
        "json".equals(logging.format()) ? new JsonFormatter() : new TextFormatter());
    root.addHandler(handler);
    root.setLevel(Level.INFO);
    Logger.getLogger("dev.triage").setLevel(level);
    // Third-party libraries stay at warnings and above unless asked for debug.
    Logger.getLogger("io.netty").setLevel(level == Level.FINE ? Level.INFO : Level.WARNING);
  }

  private static Level level(String name) {
    switch (name) {
      case "debug":
        return Level.FINE;
      case "warn":
        return Level.WARNING;
      case "error":
        return Level.SEVERE;
      default:
        return Level.INFO;
    }
  }

  private static String levelName(Level level) {
    if (level.intValue() >= Level.SEVERE.intValue()) {
      return "error";
    }
    if (level.intValue() >= Level.WARNING.intValue()) {
      return "warn";
    }
    return level.intValue() >= Level.INFO.intValue() ? "info" : "debug";
  }

  private static final class TextFormatter extends Formatter {
    @Override
    public String format(LogRecord record) {
      String thrown = record.getThrown() == null ? "" : " (" + record.getThrown() + ")";
      return Instant.ofEpochMilli(record.getMillis())
          + " "
          + levelName(record.getLevel())
          + " "
          + shortName(record.getLoggerName())
          + ": "
          + formatMessage(record)
          + thrown
          + System.lineSeparator();
    }

    private static String shortName(String logger) {
      return logger == null ? "" : logger.substring(logger.lastIndexOf('.') + 1);
    }
  }

  private static final class JsonFormatter extends Formatter {
    @Override
    public String format(LogRecord record) {
      ObjectNode line = JsonNodeFactory.instance.objectNode();
      line.put("time", Instant.ofEpochMilli(record.getMillis()).toString());
      line.put("level", levelName(record.getLevel()));
      line.put("logger", record.getLoggerName());
      line.put("message", formatMessage(record));
      if (record.getThrown() != null) {
        line.put("error", record.getThrown().toString());
      }
      return TriageJson.toJson(line) + System.lineSeparator();
    }
  }
}
