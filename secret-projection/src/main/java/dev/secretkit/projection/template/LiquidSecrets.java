package dev.secretkit.projection.template;

import dev.secretkit.SecretValue;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.function.Function;

/**
 * The {@code secrets} variable of one Liquid render: each alias of a {@link TemplateContext} to a map
 * of its secret's keys to their values, base64-encoded. A value is read and encoded only when the
 * template asks for it, and nothing is kept: the maps are views of the context. Asking for an alias
 * or key the context does not hold throws {@link Missing}; {@code toString} shows names only, so a
 * whole secret rendered as text shows its key names.
 */
final class LiquidSecrets extends AbstractMap<String, Object> {
  private final TemplateContext context;

  LiquidSecrets(TemplateContext context) {
    this.context = context;
  }

  @Override
  public Object get(Object alias) {
    SortedSet<String> keys = alias instanceof String name ? context.keys(name).orElse(null) : null;
    if (keys == null) {
      throw new Missing(null, String.valueOf(alias), context.aliases());
    }
    return new Secret((String) alias, keys);
  }

  @Override
  public boolean containsKey(Object alias) {
    return alias instanceof String name && context.keys(name).isPresent();
  }

  @Override
  public Set<Map.Entry<String, Object>> entrySet() {
    return new Entries(context.aliases(), this::get);
  }

  @Override
  public String toString() {
    return context.aliases().toString();
  }

  /** One alias's secret: each key to its value, base64-encoded. */
  private final class Secret extends AbstractMap<String, Object> {
    private final String alias;
    private final SortedSet<String> keys;

    Secret(String alias, SortedSet<String> keys) {
      this.alias = alias;
      this.keys = keys;
    }

    @Override
    public Object get(Object key) {
      SecretValue value = key instanceof String name ? context.value(alias, name).orElse(null) : null;
      if (value == null) {
        throw new Missing(alias, String.valueOf(key), keys);
      }
      byte[] bytes = value.bytes();
      try {
        return Base64.getEncoder().encodeToString(bytes);
      } finally {
        Arrays.fill(bytes, (byte) 0);
      }
    }

    @Override
    public boolean containsKey(Object key) {
      return key instanceof String && keys.contains(key);
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
      return new Entries(keys, this::get);
    }

    @Override
    public String toString() {
      return keys.toString();
    }
  }

  /** The entries of names, each with what {@code lookup} gives for it when asked. */
  private static final class Entries extends AbstractSet<Map.Entry<String, Object>> {
    private final SortedSet<String> names;
    private final Function<String, Object> lookup;

    Entries(SortedSet<String> names, Function<String, Object> lookup) {
      this.names = names;
      this.lookup = lookup;
    }

    @Override
    public Iterator<Map.Entry<String, Object>> iterator() {
      Iterator<String> each = names.iterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return each.hasNext();
        }

        @Override
        public Map.Entry<String, Object> next() {
          String name = each.next();
          return new SimpleImmutableEntry<>(name, lookup.apply(name));
        }
      };
    }

    @Override
    public int size() {
      return names.size();
    }
  }

  /**
   * Thrown when a template asks for an alias or key the context does not hold. The name asked for may
   * have been computed from a value, so neither the message nor {@link #problem(boolean)} tells it
   * unless the caller knows the template wrote it.
   */
  static final class Missing extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient String alias;
    private final transient String name;
    private final transient SortedSet<String> known;

    Missing(String alias, String name, SortedSet<String> known) {
      super("the template asks for an alias or key the context does not hold", null, false, false);
      this.alias = alias;
      this.name = name;
      this.known = known;
    }

    /**
     * Returns the problem to report: naming what was asked for if {@code named}, that is when the
     * template text itself holds that name, and listing what the context holds.
     */
    LiquidProblem problem(boolean named) {
      if (alias == null) {
        return named
            ? new LiquidProblem("the context holds no secret for the alias '" + name + "'",
                LiquidProblem.didYouMean(name, known) + "the aliases it holds: " + LiquidProblem.list(known))
            : new LiquidProblem("the alias this asks for is not one the context holds",
                "the aliases it holds: " + LiquidProblem.list(known));
      }
      return named
          ? new LiquidProblem("the secret of alias '" + alias + "' has no key '" + name + "'",
              LiquidProblem.didYouMean(name, known) + "its keys: " + LiquidProblem.list(known))
          : new LiquidProblem("the key this asks the secret of alias '" + alias + "' for is not one of its keys",
              "its keys: " + LiquidProblem.list(known));
    }
  }
}
