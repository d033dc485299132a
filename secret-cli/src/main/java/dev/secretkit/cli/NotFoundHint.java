package dev.secretkit.cli;

import dev.secretkit.SecretException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretNotFoundException;
import dev.secretkit.client.SecretClient;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Adds to a "secret not found" what the user may have meant: the same name in another scope
 * ({@code there is instance:pg (-t instance-secret)}), then close names in the scope looked in
 * ({@code did you mean pg-r or pg-rw?}). It costs one {@link SecretClient#similar} (one listing of
 * names, never values) and is only asked for once a command has failed; when that listing fails
 * too, the first failure is reported as it was.
 */
final class NotFoundHint {
  private NotFoundHint() {
  }

  /**
   * Returns {@code failure} with what {@code client} finds it may have meant, or {@code failure}
   * itself when it is not about a whole secret or nothing similar exists; {@code howToName} says how
   * the command names another scope's secret, such as {@code engineering:pg (-w engineering)}.
   */
  static SecretNotFoundException explain(SecretNotFoundException failure, SecretClient client,
      Function<SecretId, String> howToName) {
    if (failure.missing() != SecretNotFoundException.Missing.SECRET) {
      return failure;
    }
    List<SecretId> similar;
    SecretId id;
    try {
      id = SecretId.parse(failure.ref(), client.defaultScope());
      similar = client.similar(id);
    } catch (SecretException e) {
      // Not an id after all, or the listing failed too (say, IAM allows no ListSecrets): report the first failure.
      return failure;
    }
    List<String> elsewhere = new ArrayList<>();
    List<String> close = new ArrayList<>();
    for (SecretId other : similar) {
      if (other.name().equals(id.name())) {
        elsewhere.add(howToName.apply(other));
      } else {
        close.add(other.name());
      }
    }
    List<String> details = new ArrayList<>();
    if (!elsewhere.isEmpty()) {
      details.add("there is " + either(elsewhere, "and"));
    }
    if (!close.isEmpty()) {
      details.add("did you mean " + either(close, "or") + "?");
    }
    if (details.isEmpty()) {
      return failure;
    }
    return new SecretNotFoundException(failure.missing(), failure.ref(), failure.store(), String.join("; ", details),
        failure);
  }

  /** Returns {@code a}, {@code a and b}, or {@code a, b and c}. */
  private static String either(List<String> items, String conjunction) {
    if (items.size() == 1) {
      return items.get(0);
    }
    int last = items.size() - 1;
    return String.join(", ", items.subList(0, last)) + " " + conjunction + " " + items.get(last);
  }
}
