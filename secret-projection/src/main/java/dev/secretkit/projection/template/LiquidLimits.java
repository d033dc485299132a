package dev.secretkit.projection.template;

import java.util.function.LongSupplier;

/**
 * The bounds a Liquid template keeps to, against templates written to exhaust the process that
 * renders them.
 *
 * @param templateBytes the most UTF-8 bytes a template's text may have
 * @param outputChars the most characters one piece of text may have: the rendered result, what a
 *     block or a capture renders, or what a filter returns (for a list, its items and the characters
 *     of its texts); filters that grow text check it before they build it
 * @param workChars the most characters (and list items) one render may produce in all, counting
 *     text it builds and then drops, so that many pieces under {@code outputChars} cannot fill memory
 * @param iterations the most for-loop iterations one render may run, all loops together
 * @param renderNanos the longest one render may take
 * @param nanoTime the clock render time is measured on
 */
record LiquidLimits(int templateBytes, int outputChars, int workChars, int iterations, long renderNanos,
    LongSupplier nanoTime) {

  /** 64 KiB of template, 1 MiB of output, 16 Mi characters of work, 10,000 iterations, one second. */
  static final LiquidLimits DEFAULT = new LiquidLimits(64 * 1024, 1024 * 1024, 16 * 1024 * 1024, 10_000,
      1_000_000_000L, System::nanoTime);
}
