package dev.secretkit.cli;

import dev.secretkit.projection.PropertiesText;
import dev.secretkit.projection.RenderedProjection;
import dev.secretkit.projection.SensitiveVariables;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code -o} formats of {@code secretctl project}: the projected environment variables for a
 * shell, a .env file, a Java program or any program. Values appear only when revealed; otherwise each
 * variable is a comment (or a JSON {@code null}) naming it, so that an {@code eval} sets nothing.
 * A variable the render leaves out ({@link RenderedProjection#leftOut()}) is a comment in the text
 * formats that a shell reads ({@code env}, {@code dotenv}), and so is a variable {@code dotenv}
 * would rename into a sensitive one ({@code LD-PRELOAD} into {@code LD_PRELOAD}), or a value with a
 * line break, which {@code env}'s unquoted lines cannot show.
 */
enum ProjectionFormat {
  /** {@code NAME=value} lines, as {@code env} prints them: values as they are, unquoted, so never one with a line break. */
  ENV,

  /**
   * {@code NAME='value'} lines quoted for a POSIX shell's {@code eval} or a .env file, as
   * {@code secretctl env} prints them ({@link DotenvView}): names a shell cannot hold become
   * {@code _}, and a value with a NUL, which no shell variable holds, is left out.
   */
  DOTENV {
    @Override
    void variable(String name, String value, PrintWriter out) {
      out.println(value == null ? "# " + name + "=" : name + "=" + DotenvView.quoted(value));
    }
  },

  /** {@code name=value} lines that {@link java.util.Properties#load(java.io.Reader)} reads back exactly. */
  PROPERTIES {
    @Override
    void variable(String name, String value, PrintWriter out) {
      String key = PropertiesText.escape(name, true);
      out.println(value == null ? "# " + key + "=" : key + "=" + PropertiesText.escape(value, false));
    }
  },

  /**
   * One JSON object: {@code env} (each variable's value, null when hidden), {@code files} (their
   * paths under the secret directory), {@code args} (null each when hidden) and {@code secrets} (the
   * version of each secret used).
   */
  JSON {
    @Override
    void write(RenderedProjection rendered, boolean reveal, Path dir, Runnable hidden,
        PrintWriter out) {
      SecretJson.write(SecretJson.of(rendered, reveal, dir), Format.JSON, out);
      if (!reveal) {
        hidden.run();
      }
    }
  };

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Prints the variables of {@code rendered}, values only when {@code reveal}; calls {@code hidden} when they
   * were hidden, and prints a comment for each variable the render left out in the formats a shell reads.
   *
   * @throws IllegalArgumentException in {@link #DOTENV}, if two variables become one shell variable
   */
  void write(RenderedProjection rendered, boolean reveal, Path dir, Runnable hidden, PrintWriter out) {
    Map<String, String> variables = new LinkedHashMap<>();
    Map<String, String> names = new LinkedHashMap<>();
    rendered.env().forEach((name, value) -> {
      String variable = this == DOTENV ? DotenvView.variable(name) : name;
      String previous = names.put(variable, name);
      if (previous != null) {
        throw new IllegalArgumentException("the variables " + previous + " and " + name + " both become the shell"
            + " variable " + variable + "; use -o env, properties or json, or rename one in the consumer");
      }
      variables.put(variable, value);
    });
    header(rendered, reveal, out);
    variables.forEach((variable, value) -> {
      String name = names.get(variable);
      if (this == DOTENV && !variable.equals(name) && SensitiveVariables.isSensitive(variable)) {
        out.println("# " + variable + ": left out, since " + name + " would set it, and setting it changes how a shell"
            + " or the programs it starts run");
      } else if (this == DOTENV && reveal && value.indexOf('\0') >= 0) {
        out.println("# " + variable + ": left out, its value holds a NUL, which a shell variable cannot");
      } else if (this == ENV && reveal && (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0)) {
        out.println("# " + variable + ": left out, its value holds a line break, which -o env cannot show; use -o"
            + " dotenv or json");
      } else {
        variable(variable, reveal ? value : null, out);
      }
    });
    if (forShell()) {
      rendered.leftOut().forEach(name -> out.println("# " + name + ": left out, since setting it changes how a shell"
          + " or the programs it starts run"));
    }
    if (!reveal) {
      hidden.run();
    }
  }

  /** Returns whether a shell reads this format, which then leaves out the variables a shell must not set. */
  boolean forShell() {
    return this == ENV || this == DOTENV;
  }

  /** Prints what comes before the variables: where they come from, in every format but env, whose lines are all variables. */
  void header(RenderedProjection rendered, boolean reveal, PrintWriter out) {
    if (this != ENV) {
      out.println("# " + provenance(rendered) + (reveal ? "" : ": values hidden; add --reveal"));
    }
  }

  /** Prints one variable, {@code NAME=value}, or {@code # NAME=} when {@code value} is null (hidden). */
  void variable(String name, String value, PrintWriter out) {
    out.println(value == null ? "# " + name + "=" : name + "=" + value);
  }

  /** Returns {@code projected from public:pg-r version 3, ...}: where the values come from, never a value. */
  static String provenance(RenderedProjection rendered) {
    return rendered.versions().isEmpty() ? "projected from no secret" : "projected from " + rendered.versions()
        .entrySet().stream().map(entry -> entry.getKey() + " version " + entry.getValue())
        .collect(Collectors.joining(", "));
  }

  /** Converts the {@code -o} argument, naming the formats there are when it is none of them. */
  static final class Converter implements ITypeConverter<ProjectionFormat> {
    @Override
    public ProjectionFormat convert(String value) {
      for (ProjectionFormat format : values()) {
        if (format.toString().equals(value)) {
          return format;
        }
      }
      throw new TypeConversionException("unknown output format '" + value + "'; expected "
          + Arrays.stream(values()).map(ProjectionFormat::toString).collect(Collectors.joining(", ")));
    }
  }
}
