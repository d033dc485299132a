package dev.secretkit.spi.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A stand-in for another library's exception, to keep as the cause of a
 * {@link dev.secretkit.SecretException} without that library's message, which is another
 * party's words and may quote a value: it keeps the original's class name, a detail the backend
 * vouches for as value-free (such as an error code and status), its stack trace, and the same for
 * each of the original's causes. Its message is the class name and the detail, so it may be
 * printed where the original's may not.
 *
 * <p>It is a checked exception only so that it stays outside SecretKit's unchecked hierarchy: it
 * is never thrown, only kept as a cause. Instances are immutable.
 */
public final class RedactedCause extends Exception {
  private static final long serialVersionUID = 1L;

  /** How many causes deep a stand-in goes; a longer chain is cut there. */
  static final int MAX_DEPTH = 16;

  private final String originalClassName;
  private final String detail;

  private RedactedCause(Throwable original, String detail, RedactedCause cause) {
    super(original.getClass().getName() + (detail == null || detail.isBlank() ? "" : " (" + detail + ")"), cause,
        false, true);
    this.originalClassName = original.getClass().getName();
    this.detail = detail == null || detail.isBlank() ? null : detail;
    setStackTrace(original.getStackTrace());
  }

  /** Returns the stand-in for {@code original} and its causes, with no details. */
  public static RedactedCause of(Throwable original) {
    return of(original, t -> null);
  }

  /**
   * Returns the stand-in for {@code original} and its causes, up to {@value #MAX_DEPTH} deep and
   * stopping where the chain comes back to an exception already in it.
   *
   * @param original the exception to stand in for
   * @param details gives each exception in the chain a value-free detail, or null for none; it
   *     must never return text taken from a message
   */
  public static RedactedCause of(Throwable original, Function<Throwable, String> details) {
    Objects.requireNonNull(original, "original");
    Objects.requireNonNull(details, "details");
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = original; t != null && chain.size() < MAX_DEPTH && seen.add(t); t = t.getCause()) {
      chain.add(t);
    }
    RedactedCause stand = null;
    for (int i = chain.size() - 1; i >= 0; i--) {
      stand = new RedactedCause(chain.get(i), details.apply(chain.get(i)), stand);
    }
    return stand;
  }

  /** Returns the fully qualified class name of the exception this stands in for. */
  public String originalClassName() {
    return originalClassName;
  }

  /** Returns the value-free detail the backend gave, such as an error code, when it gave one. */
  public Optional<String> detail() {
    return Optional.ofNullable(detail);
  }
}
