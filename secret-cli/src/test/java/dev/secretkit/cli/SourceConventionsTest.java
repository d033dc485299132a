package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The house rules on every module's main sources: each package says what it holds in a
 * package-info, and each public type states its contract in Javadoc. It runs here because
 * secret-cli is built after every module it checks.
 */
class SourceConventionsTest {
  private static final Path ROOT = Path.of("..");
  private static final Pattern PUBLIC_TYPE = Pattern.compile(
      "^\\s*public\\s+(final\\s+|abstract\\s+|sealed\\s+|static\\s+)*(class|interface|record|enum)\\s+(\\w+)",
      Pattern.MULTILINE);

  private static List<Path> sourceRoots() throws IOException {
    List<Path> roots = new ArrayList<>();
    try (Stream<Path> modules = Files.list(ROOT)) {
      modules.map(module -> module.resolve("src/main/java")).filter(Files::isDirectory).forEach(roots::add);
    }
    try (Stream<Path> examples = Files.list(ROOT.resolve("examples"))) {
      examples.map(example -> example.resolve("src/main/java")).filter(Files::isDirectory).forEach(roots::add);
    }
    return roots;
  }

  private static List<Path> javaFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path root : sourceRoots()) {
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(f -> f.toString().endsWith(".java") && !f.endsWith("module-info.java")).forEach(files::add);
      }
    }
    return files;
  }

  @Test
  void theCheck_seesEveryModule() throws IOException {
    assertThat(sourceRoots()).extracting(root -> root.normalize().toString())
        .anyMatch(root -> root.contains("secret-core")).anyMatch(root -> root.contains("secret-testkit"))
        .anyMatch(root -> root.contains("secret-backend-aws")).anyMatch(root -> root.contains("secret-cli"))
        .anyMatch(root -> root.contains("modular"));
  }

  @Test
  void everyPackage_hasPackageInfo() throws IOException {
    List<Path> packages = javaFiles().stream().map(Path::getParent).distinct().toList();

    assertThat(packages).isNotEmpty().allSatisfy(dir -> assertThat(dir.resolve("package-info.java")).exists());
  }

  @Test
  void everyPublicType_hasJavadoc() throws IOException {
    List<String> missing = new ArrayList<>();
    for (Path file : javaFiles()) {
      String source = Files.readString(file);
      Matcher matcher = PUBLIC_TYPE.matcher(source);
      while (matcher.find()) {
        // Only annotations may stand between the Javadoc and the type: no statement ends there.
        int javadocEnd = source.lastIndexOf("*/", matcher.start());
        String between = javadocEnd < 0 ? ";" : source.substring(javadocEnd + 2, matcher.start()).strip();
        boolean annotationsOnly = between.isEmpty()
            || between.startsWith("@") && between.lines().noneMatch(line -> line.stripTrailing().endsWith(";"));
        if (!annotationsOnly) {
          missing.add(file.getFileName() + ": " + matcher.group(3));
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  /**
   * Javadoc that a module publishes (that of a public type in a package its module-info exports)
   * links only to types a reader of that Javadoc can see: a link to a package-private or unexported
   * type renders as plain text that names something the reader cannot find or use.
   */
  @Test
  void publishedJavadoc_linksOnlyToPublishedTypes() throws IOException {
    Pattern exports = Pattern.compile("^\\s*exports\\s+([\\w.]+);", Pattern.MULTILINE);
    Pattern link = Pattern.compile("\\{@link(?:plain)?\\s+([\\w.]+)");
    Set<String> exported = new HashSet<>();
    for (Path root : sourceRoots()) {
      Path descriptor = root.resolve("module-info.java");
      if (Files.exists(descriptor)) {
        exports.matcher(Files.readString(descriptor)).results().forEach(result -> exported.add(result.group(1)));
      }
    }
    Set<String> unpublished = new HashSet<>();
    List<Path> published = new ArrayList<>();
    for (Path file : javaFiles()) {
      String name = file.getFileName().toString().replace(".java", "");
      if (name.equals("package-info")) {
        continue;
      }
      String source = Files.readString(file);
      String packageName = packageOf(source);
      boolean isPublic = Pattern.compile("^public\\s+(?:(?:final|abstract|sealed|non-sealed)\\s+)*"
          + "(?:class|interface|record|enum|@interface)\\s+" + name + "\\b", Pattern.MULTILINE)
          .matcher(source).find();
      if (isPublic && exported.contains(packageName)) {
        published.add(file);
      } else {
        unpublished.add(packageName + "." + name);
      }
    }
    List<String> hidden = new ArrayList<>();
    for (Path file : published) {
      String source = Files.readString(file);
      String packageName = packageOf(source);
      Matcher matcher = link.matcher(source);
      while (matcher.find()) {
        String target = matcher.group(1);
        String simple = target.split("\\.")[0];
        boolean qualified = Character.isLowerCase(target.charAt(0));
        Matcher imported = Pattern.compile("^import\\s+([\\w.]+\\." + simple + ");", Pattern.MULTILINE)
            .matcher(source);
        String resolved = qualified ? target : imported.find() ? imported.group(1) : packageName + "." + simple;
        if (unpublished.contains(resolved)) {
          hidden.add(file.getFileName() + " links to " + resolved);
        }
      }
    }
    assertThat(hidden).isEmpty();
  }

  private static String packageOf(String source) {
    Matcher matcher = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE).matcher(source);
    return matcher.find() ? matcher.group(1) : "";
  }
}
