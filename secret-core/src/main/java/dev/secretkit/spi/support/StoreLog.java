package dev.secretkit.spi.support;

import java.util.Objects;

/**
 * The operational log lines every store writes, in one shape, for the {@code System.Logger} the store names after
 * its own class: a retry it decides itself (logged at {@code DEBUG}), a repair of a write whose answer was lost or
 * that was left half done ({@code INFO}), and a failure it deliberately goes on without ({@code DEBUG}). Each line
 * starts with {@code store DESCRIPTION:} and names a failure by its exception's class only: a message can quote a
 * request, and so a value. Callers pass only ids, operation names and descriptions, never a value or a credential.
 *
 * <p>A store logs with the supplier overload, so that nothing is formatted while the level is off, and the log
 * record's source is the store's own method:
 * <pre>{@code
 * LOG.log(Level.DEBUG, () -> StoreLog.retrying(description(), "CreateSecret", id, attempt, e));
 * }</pre>
 * Stateless and thread-safe.
 */
public final class StoreLog {
  private StoreLog() {
  }

  /**
   * Returns the line that says attempt {@code attempt} of {@code operation} on {@code subject} failed with
   * {@code cause} and is tried again: {@code store S: GetSecretValue of public:pg failed (CLASS) at attempt 1;
   * trying again}. For {@code DEBUG}.
   */
  public static String retrying(String store, String operation, Object subject, int attempt, Throwable cause) {
    return retrying(store, operation, subject, attempt, name(cause));
  }

  /**
   * Returns the line {@link #retrying(String, String, Object, int, Throwable)} does, for a failure that is an answer
   * rather than an exception: {@code failure} says what it was, such as {@code HTTP 503}, never quoting it.
   */
  public static String retrying(String store, String operation, Object subject, int attempt, String failure) {
    return "store " + store + ": " + operation + " of " + subject + " failed (" + failure + ") at attempt " + attempt
        + "; trying again";
  }

  /**
   * Returns the line that says the store repaired something, such as a write whose answer was lost and that it
   * found committed: {@code store S: WHAT (after CLASS)}, {@code cause} (may be null) being the failure that made it
   * look. For {@code INFO}.
   */
  public static String repaired(String store, String what, Throwable cause) {
    return "store " + store + ": " + what + (cause == null ? "" : " (after " + name(cause) + ")");
  }

  /**
   * Returns the line that says {@code what} failed with {@code cause} and the store goes on without it, for
   * {@code why}: {@code store S: WHAT failed (CLASS); WHY}. For {@code DEBUG}.
   */
  public static String ignored(String store, String what, Throwable cause, String why) {
    return "store " + store + ": " + what + " failed (" + name(cause) + "); " + why;
  }

  private static String name(Throwable cause) {
    return Objects.requireNonNull(cause, "cause").getClass().getName();
  }
}
