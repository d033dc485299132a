package dev.secretkit.internal;

import dev.secretkit.spi.StoreConfig;
import dev.secretkit.spi.StoreLimits;
import java.util.List;
import java.util.function.Consumer;

/**
 * The {@code maxValueBytes}, {@code maxKeys}, {@code maxSecretBytes}, {@code maxMetadataBytes}
 * and {@code versionsRetained} URI parameters of the embedded stores.
 */
public final class LimitParameters {
  /** The parameter names, in the order help text lists them. */
  public static final List<String> NAMES = List.of("maxValueBytes", "maxKeys", "maxSecretBytes", "maxMetadataBytes",
      "versionsRetained");

  private LimitParameters() {
  }

  /** Reports each limit parameter that is not a positive whole number. */
  public static void validate(StoreConfig config, Consumer<String> problems) {
    for (String name : NAMES) {
      String value = config.parameters().get(name);
      if (value != null && parse(value) < 1) {
        problems.accept("parameter " + name + " must be a whole number from 1 to " + Integer.MAX_VALUE);
      }
    }
  }

  /** Returns the limits the parameters set, with {@code defaults} for those absent; call {@link #validate} first. */
  public static StoreLimits limits(StoreConfig config, StoreLimits defaults) {
    return StoreLimits.of(
        value(config, "maxValueBytes", defaults.maxValueBytes()),
        value(config, "maxKeys", defaults.maxKeys()),
        value(config, "maxSecretBytes", defaults.maxSecretBytes()))
        .withMaxMetadataBytes(value(config, "maxMetadataBytes", defaults.maxMetadataBytes()));
  }

  /** Returns how many versions per secret the parameters keep, or 0 (every version) when they say nothing; call {@link #validate} first. */
  public static int versionsRetained(StoreConfig config) {
    return value(config, "versionsRetained", 0);
  }

  private static int value(StoreConfig config, String name, int fallback) {
    String value = config.parameters().get(name);
    return value == null ? fallback : parse(value);
  }

  private static int parse(String value) {
    if (!value.matches("[0-9]{1,10}")) {
      return -1;
    }
    long number = Long.parseLong(value);
    return number > Integer.MAX_VALUE ? -1 : (int) number;
  }
}
