package dev.secretkit.cli;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code -o} formats of the store commands: a table for people, JSON or YAML for programs,
 * and for {@code get} also manifests to apply again and {@code KEY=value} lines for a shell.
 */
enum Format {
  /** Aligned columns, as {@code dataos-ctl get} prints them. */
  TABLE,
  /** One JSON document. */
  JSON,
  /** One YAML document. */
  YAML,
  /** Secret manifests that {@code apply} reads back, one YAML document per secret; values only with --reveal. */
  MANIFEST,
  /** {@code KEY=value} lines of one secret for a shell's {@code eval} or a .env file; values only with --reveal. */
  DOTENV;

  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  private static Format convert(String value, List<Format> allowed) {
    for (Format format : allowed) {
      if (format.toString().equals(value)) {
        return format;
      }
    }
    throw new TypeConversionException("unknown output format '" + value + "'; expected "
        + allowed.stream().map(Format::toString).collect(Collectors.joining(", ")));
  }

  /** Converts the {@code -o} of a command that prints metadata, naming the formats there are when it is none. */
  static final class Converter implements ITypeConverter<Format> {
    @Override
    public Format convert(String value) {
      return Format.convert(value, List.of(TABLE, JSON, YAML));
    }
  }

  /** Converts the {@code -o} argument of {@code get}, which has every format. */
  static final class AllConverter implements ITypeConverter<Format> {
    @Override
    public Format convert(String value) {
      return Format.convert(value, Arrays.asList(values()));
    }
  }
}
