package dev.secretkit.client;

import dev.secretkit.spi.SecretStore;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a client keeps reachable, found by walking its fields (SecretKit's own classes, and the
 * maps, collections and arrays they hold), never into its store: so that a test can count what
 * the cache still holds without naming the cache's private types.
 */
final class Reachable {
  private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Deque<Object> todo = new ArrayDeque<>();
  private int mapKeysOfType;
  private final Class<?> keyType;

  private Reachable(Object root, Class<?> keyType) {
    this.keyType = keyType;
    todo.add(root);
    while (!todo.isEmpty()) {
      visit(todo.poll());
    }
  }

  /** Returns how many distinct instances of {@code type} {@code root} keeps reachable. */
  static long instances(Object root, Class<?> type) {
    return new Reachable(root, Void.class).seen.stream().filter(type::isInstance).count();
  }

  /** Returns how many map entries keyed by a {@code keyType} {@code root} keeps reachable. */
  static int mapKeys(Object root, Class<?> keyType) {
    return new Reachable(root, keyType).mapKeysOfType;
  }

  private void visit(Object object) {
    if (object == null || object instanceof SecretStore || !seen.add(object)) {
      return;
    }
    if (object instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (keyType.isInstance(entry.getKey())) {
          mapKeysOfType++;
        }
        todo.add(entry.getKey());
        todo.add(entry.getValue());
      }
      return;
    }
    if (object instanceof Collection<?> collection) {
      todo.addAll(collection);
      return;
    }
    if (object instanceof Object[] array) {
      Collections.addAll(todo, array);
      return;
    }
    for (Class<?> type = object.getClass(); type != null && type.getName().startsWith("dev.secretkit.");
        type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) {
          continue;
        }
        try {
          field.setAccessible(true);
          todo.add(field.get(object));
        } catch (ReflectiveOperationException | RuntimeException e) {
          // A field the walk may not read (a hidden class's) holds nothing the cache keeps.
        }
      }
    }
  }
}
