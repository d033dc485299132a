package dev.secretkit.cli;

import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The {@code -o} formats of the store commands: a table for people, JSON or YAML for programs. */
enum Format {
  /** Aligned columns, as {@code dataos-ctl get} prints them. */
  TABLE,
  /** One JSON document. */
  JSON,
  /** One YAML document. */
  YAML;

  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Converts the {@code -o} argument, naming the formats there are when it is none of them. */
  static final class Converter implements ITypeConverter<Format> {
    @Override
    public Format convert(String value) {
      for (Format format : values()) {
        if (format.toString().equals(value)) {
          return format;
        }
      }
      throw new TypeConversionException("unknown output format '" + value + "'; expected "
          + Arrays.stream(values()).map(Format::toString).collect(Collectors.joining(", ")));
    }
  }
}
