package dev.secretkit.projection.template;

import dev.secretkit.SecretValue;
import dev.secretkit.spi.support.Suggestions;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The data a go-template reads, as Go maps over a {@link TemplateContext}: the root, whose one key
 * is {@code secrets}; the secrets by alias; and each secret's keys, whose values are decoded from
 * the context as UTF-8 text only when read. Each map also knows the error for a key it lacks,
 * which names aliases and keys but never a value.
 */
abstract sealed class GoMap {
  private static final int LISTED = 20;

  /** Returns the keys, sorted. */
  abstract SortedSet<String> keys();

  /** Returns the value at {@code key}, or null when there is none. */
  abstract Object get(String key);

  /**
   * Returns the failure for reading {@code key}, which this map lacks; {@code named} says whether
   * the template spells the key out (a key computed while rendering is never repeated).
   */
  abstract GoFailure missing(String key, boolean named);

  /** Returns the root of the data over {@code context}. */
  static GoMap root(TemplateContext context) {
    return new Root(context);
  }

  /** Returns the failure for a field of the root other than {@code secrets}. */
  static GoFailure noSuchField(String name, boolean named) {
    return new GoFailure("the data has no " + (named ? "field \"" + name + "\"" : "such field")
        + "; it holds only .secrets",
        (named && Suggestions.closest(name, List.of("secrets")).isPresent() ? "did you mean .secrets? " : "")
            + "read a value as .secrets.<alias>.<key>");
  }

  /** Returns the failure for an alias that is not among {@code aliases}. */
  static GoFailure unknownAlias(String alias, boolean named, Collection<String> aliases) {
    String message = (named ? "no secret has the alias \"" + alias + "\"" : "no secret has the alias the template"
        + " computed (not shown)") + (aliases.isEmpty() ? "; the projection declares no alias"
        : "; the aliases are: " + list(aliases));
    return new GoFailure(message, suggestion(alias, named, aliases)
        + "an alias is a contextAlias of the projection's secrets; declare it there or use a declared one");
  }

  private static String suggestion(String word, boolean named, Collection<String> candidates) {
    return named ? Suggestions.closest(word, candidates).map(close -> "did you mean \"" + close + "\"? ").orElse("")
        : "";
  }

  private static String list(Collection<String> names) {
    List<String> sorted = new TreeSet<>(names).stream().toList();
    String shown = String.join(", ", sorted.subList(0, Math.min(LISTED, sorted.size())));
    return sorted.size() > LISTED ? shown + " and " + (sorted.size() - LISTED) + " more" : shown;
  }

  /** The root: {@code {secrets: ...}}. */
  static final class Root extends GoMap {
    private static final SortedSet<String> KEYS = Collections.unmodifiableSortedSet(new TreeSet<>(List.of("secrets")));

    private final TemplateContext context;

    private Root(TemplateContext context) {
      this.context = context;
    }

    @Override
    SortedSet<String> keys() {
      return KEYS;
    }

    @Override
    Object get(String key) {
      return key.equals("secrets") ? new Secrets(context) : null;
    }

    @Override
    GoFailure missing(String key, boolean named) {
      return noSuchField(key, named);
    }
  }

  /** {@code .secrets}: one map of keys per alias. */
  static final class Secrets extends GoMap {
    private final TemplateContext context;

    private Secrets(TemplateContext context) {
      this.context = context;
    }

    @Override
    SortedSet<String> keys() {
      return context.aliases();
    }

    @Override
    Object get(String alias) {
      return context.keys(alias).isPresent() ? new Keys(context, alias) : null;
    }

    @Override
    GoFailure missing(String alias, boolean named) {
      return unknownAlias(alias, named, context.aliases());
    }
  }

  /** {@code .secrets.<alias>}: the keys of one secret, each read from the context as text when asked for. */
  static final class Keys extends GoMap {
    private final TemplateContext context;
    private final String alias;

    private Keys(TemplateContext context, String alias) {
      this.context = context;
      this.alias = alias;
    }

    @Override
    SortedSet<String> keys() {
      return context.keys(alias).orElseThrow();
    }

    @Override
    Object get(String key) {
      return context.value(alias, key).map(SecretValue::asString).orElse(null);
    }

    @Override
    GoFailure missing(String key, boolean named) {
      SortedSet<String> keys = keys();
      String message = "the secret with alias \"" + alias + "\" has no key "
          + (named ? "\"" + key + "\"" : "the template computed (not shown)")
          + (keys.isEmpty() ? "; it has no keys" : "; its keys are: " + list(keys));
      return new GoFailure(message, suggestion(key, named, keys) + "to let a missing key count as empty, use it as"
          + " the value of default or required, or as the condition of if or with");
    }
  }
}
