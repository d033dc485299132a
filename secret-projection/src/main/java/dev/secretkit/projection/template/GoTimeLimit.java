package dev.secretkit.projection.template;

import java.util.function.LongSupplier;

/**
 * How long one render of a go-template may take, and the clock that measures it: the bound that
 * stops a template whose steps are few but each slow, such as loops over functions of long values.
 *
 * @param renderNanos the longest one render may take
 * @param nanoTime the clock render time is measured on, as {@link System#nanoTime()}
 */
record GoTimeLimit(long renderNanos, LongSupplier nanoTime) {

  /** One second, on {@link System#nanoTime()}. */
  static final GoTimeLimit DEFAULT = new GoTimeLimit(1_000_000_000L, System::nanoTime);
}
