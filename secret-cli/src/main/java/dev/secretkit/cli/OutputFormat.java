package dev.secretkit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secretkit.manifest.Violation;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** How {@code secretctl validate} prints its {@link Report}: {@code text} for people, {@code json} for programs. */
enum OutputFormat {
  /**
   * One line per finding, {@code FILE:LINE:COL: error|warning: PATH: message}, its hint on the
   * next line, then a summary line. Control characters are escaped, so that a key or file name
   * holding a line break cannot forge a finding.
   */
  TEXT("text") {
    @Override
    void write(Report report, PrintWriter out) {
      for (Report.Finding finding : report.findings()) {
        Violation violation = finding.violation();
        out.println(printable(finding.file()) + ":" + violation.line() + ":" + violation.column() + ": "
            + violation.severity().label() + ": " + printable(violation.path()) + ": " + printable(violation.message()));
        if (!violation.hint().isEmpty()) {
          out.println("    hint: " + printable(violation.hint()));
        }
      }
      out.println(count(report.errors(), "error") + ", " + count(report.warnings(), "warning") + " in "
          + plural(report.manifests(), "manifest") + " (" + plural(report.files(), "file") + ")");
    }
  },

  /** A single JSON object: {@code findings}, then the {@code errors}, {@code warnings}, {@code manifests} and {@code files} counts. */
  JSON("json") {
    @Override
    void write(Report report, PrintWriter out) {
      ObjectMapper mapper = Json.MAPPER;
      ObjectNode root = mapper.createObjectNode();
      ArrayNode findings = root.putArray("findings");
      for (Report.Finding finding : report.findings()) {
        Violation violation = finding.violation();
        findings.addObject()
            .put("file", finding.file())
            .put("document", finding.document())
            .put("line", violation.line())
            .put("column", violation.column())
            .put("severity", violation.severity().label())
            .put("path", violation.path())
            .put("message", violation.message())
            .put("hint", violation.hint());
      }
      root.put("errors", report.errors())
          .put("warnings", report.warnings())
          .put("manifests", report.manifests())
          .put("files", report.files());
      try {
        out.println(mapper.writeValueAsString(root));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  private final String label;

  OutputFormat(String label) {
    this.label = label;
  }

  /** Prints {@code report} to {@code out}. */
  abstract void write(Report report, PrintWriter out);

  /** Returns the name used with {@code -o}. */
  @Override
  public String toString() {
    return label;
  }

  private static String count(long n, String noun) {
    return n == 0 ? "no " + noun + "s" : plural(n, noun);
  }

  private static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      if (c == '\n') {
        out.append("\\n");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.toString();
  }

  /**
   * Holds the mapper, so that Jackson databind (a few hundred classes, a noticeable part of
   * start-up) loads only when {@code -o json} is used: picocli initialises this enum for the
   * default {@code -o text} of every run.
   */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  /** Converts the {@code -o} argument, naming the formats there are when it is none of them. */
  static final class Converter implements ITypeConverter<OutputFormat> {
    @Override
    public OutputFormat convert(String value) {
      for (OutputFormat format : values()) {
        if (format.label.equals(value)) {
          return format;
        }
      }
      throw new TypeConversionException("unknown output format '" + value + "'; expected "
          + Arrays.stream(values()).map(OutputFormat::toString).collect(Collectors.joining(" or ")));
    }
  }
}
