package dev.secretkit.projection;

import dev.secretkit.SecretId;
import dev.secretkit.manifest.YamlNode;
import dev.secretkit.spi.support.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Binds a V1 {@code dataosSecrets} list (or a Depot's {@code secrets}) into entries, reporting what is wrong. */
final class DataosSecretsBinder {
  private static final List<String> FIELDS = List.of("name", "workspace", "key", "keys", "allKeys", "allkeys",
      "consumptionType");
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._-]{1,253}");

  private final Problems problems;

  DataosSecretsBinder(Problems problems) {
    this.problems = problems;
  }

  /** Returns the entries of the list at {@code path}; an entry with errors is left out. */
  List<DataosSecret> bind(YamlNode node, String path) {
    List<DataosSecret> entries = new ArrayList<>();
    List<YamlNode> items = problems.list(node, path, "a list of secrets").orElse(List.of());
    for (int i = 0; i < items.size(); i++) {
      entry(items.get(i), Problems.index(path, i)).ifPresent(entries::add);
    }
    return entries;
  }

  private Optional<DataosSecret> entry(YamlNode node, String path) {
    if (node instanceof YamlNode.Scalar scalar && !scalar.isNull()) {
      // The old form: a bare name takes every key as environment variables.
      return name(scalar.text(), path, scalar).map(name -> new DataosSecret(name, Optional.empty(), List.of(), true,
          ConsumptionType.ENV_VARS, problems.location(path, scalar.position())));
    }
    Optional<YamlNode.Mapping> found = problems.mapping(node, path, "a secret entry (name, and key, keys or allKeys)");
    if (found.isEmpty()) {
      return Optional.empty();
    }
    YamlNode.Mapping mapping = found.get();
    int errorsBefore = problems.errorCount();
    problems.unknownFields(mapping, path, FIELDS, "a dataosSecrets entry");
    Optional<String> name = Problems.get(mapping, "name")
        .flatMap(value -> problems.text(value, Problems.child(path, "name"), "the secret's name"))
        .flatMap(text -> name(text, Problems.child(path, "name"), Problems.get(mapping, "name").orElseThrow()));
    if (Problems.get(mapping, "name").isEmpty()) {
      problems.error(path, mapping.position(), "the entry names no secret", "add name: <secret-name>");
    }
    Optional<String> workspace = Problems.get(mapping, "workspace").flatMap(value -> problems.workspace(value,
        Problems.child(path, "workspace")));
    Set<String> keys = new LinkedHashSet<>();
    Problems.get(mapping, "key").ifPresent(value -> problems.text(value, Problems.child(path, "key"), "a key name")
        .ifPresent(key -> key(key, Problems.child(path, "key"), value, keys)));
    Problems.get(mapping, "keys").ifPresent(value -> {
      String keysPath = Problems.child(path, "keys");
      List<YamlNode> items = problems.list(value, keysPath, "a list of key names").orElse(List.of());
      for (int i = 0; i < items.size(); i++) {
        String itemPath = Problems.index(keysPath, i);
        YamlNode item = items.get(i);
        problems.text(item, itemPath, "a key name").ifPresent(key -> key(key, itemPath, item, keys));
      }
    });
    boolean allKeys = allKeys(mapping, path);
    if (allKeys && !keys.isEmpty()) {
      problems.warning(path, mapping.position(), "allKeys: true takes every key; key and keys are ignored",
          "remove allKeys, or key and keys");
    }
    if (!allKeys && keys.isEmpty() && problems.errorCount() == errorsBefore) {
      problems.error(path, mapping.position(), "the entry takes no key",
          "add key: <key>, keys: [<key>, ...] or allKeys: true");
    }
    ConsumptionType type = Problems.get(mapping, "consumptionType").flatMap(value ->
        consumptionType(value, Problems.child(path, "consumptionType"))).orElse(ConsumptionType.ENV_VARS);
    if (problems.errorCount() > errorsBefore || name.isEmpty() || !allKeys && keys.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new DataosSecret(name.get(), workspace, allKeys ? List.of() : List.copyOf(keys), allKeys,
        type, problems.location(path, mapping.position())));
  }

  private Optional<String> name(String text, String path, YamlNode at) {
    if (!SecretId.isName(text)) {
      problems.error(path, at.position(), "invalid secret name " + Problems.shown(text),
          "a name is lower-case letters, digits, '-', '_' and '.', starting with a letter");
      return Optional.empty();
    }
    return Optional.of(text);
  }

  private void key(String key, String path, YamlNode at, Set<String> keys) {
    if (!KEY.matcher(key).matches()) {
      problems.error(path, at.position(), "invalid key " + Problems.shown(key),
          "a key is 1 to 253 letters, digits, '.', '_' and '-'");
    } else if (!keys.add(key)) {
      problems.warning(path, at.position(), "the key " + key + " is taken twice", "name each key once");
    }
  }

  private boolean allKeys(YamlNode.Mapping mapping, String path) {
    Optional<YamlNode.Entry> camel = Problems.entry(mapping, "allKeys");
    Optional<YamlNode.Entry> lower = Problems.entry(mapping, "allkeys");
    if (camel.isPresent() && lower.isPresent()) {
      problems.error(Problems.child(path, "allkeys"), lower.get().key().position(),
          "allKeys and allkeys are the same field, given twice", "keep allKeys");
    }
    Optional<YamlNode.Entry> given = camel.or(() -> lower);
    if (given.isEmpty()) {
      return false;
    }
    String fieldPath = Problems.child(path, given.get().key().text());
    Optional<String> text = problems.text(given.get().value(), fieldPath, "true or false");
    if (text.isEmpty()) {
      return false;
    }
    return switch (text.get()) {
      case "true", "True", "TRUE" -> true;
      case "false", "False", "FALSE" -> false;
      default -> {
        problems.error(fieldPath, given.get().value().position(), "expected true or false, found "
            + Problems.shown(text.get()), "");
        yield false;
      }
    };
  }

  private Optional<ConsumptionType> consumptionType(YamlNode node, String path) {
    Optional<String> text = problems.text(node, path, "envVars, propFile or file");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Optional<ConsumptionType> type = ConsumptionType.fromManifestName(text.get());
    if (type.isEmpty()) {
      List<String> names = List.of("envVars", "propFile", "file");
      problems.error(path, node.position(), "unknown consumptionType " + Problems.shown(text.get()),
          Suggestions.closest(text.get(), names).map(meant -> "did you mean " + meant + "?")
              .orElse("use envVars, propFile or file"));
    }
    return type;
  }
}
