package dev.secretkit.projection.template;

import dev.secretkit.SecretValue;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The context the go-template tests render against, and short ways to compile and render. */
final class GoTemplates {
  static final Set<String> ALIASES = Set.of("db", "kafka", "none");

  private GoTemplates() {}

  /** Returns three secrets: db with eleven keys, kafka with two, none with none. */
  static TemplateContext context() {
    Map<String, SecretValue> db = new TreeMap<>();
    db.put("b64", SecretValue.ofString("aGVsbG8="));
    db.put("b64lines", SecretValue.ofString("aGVs\nbG8="));
    db.put("csv", SecretValue.ofString("a,b,,c"));
    db.put("database", SecretValue.ofString("orders"));
    db.put("empty", SecretValue.ofString(""));
    db.put("host", SecretValue.ofString("db.internal"));
    db.put("my-key", SecretValue.ofString("dashed"));
    db.put("password", SecretValue.ofString("s3cr3t"));
    db.put("port", SecretValue.ofString("5432"));
    db.put("spaced", SecretValue.ofString("  padded\t\n"));
    db.put("username", SecretValue.ofString("app"));
    return new TemplateContext(Map.of("db", db,
        "kafka", Map.of("brokers", SecretValue.ofString("k1:9092,k2:9092"), "sasl", SecretValue.ofString("PLAIN")),
        "none", Map.of()));
  }

  static Template compile(String template) {
    return TemplateType.GO_TEMPLATE.engine().compile(template, ALIASES);
  }

  static String render(String template) {
    return compile(template).render(context());
  }
}
