package dev.secretkit.projection;

import dev.secretkit.SecretId;
import dev.secretkit.SecretRef;
import dev.secretkit.SecretValue;
import dev.secretkit.client.SecretResolver;
import dev.secretkit.client.SecretSnapshot;
import dev.secretkit.manifest.InvalidManifestException;
import dev.secretkit.manifest.Severity;
import dev.secretkit.manifest.Validation;
import dev.secretkit.manifest.Violation;
import dev.secretkit.projection.template.TemplateContext;
import dev.secretkit.projection.template.TemplateException;
import dev.secretkit.projection.template.TemplateType;
import dev.secretkit.spi.support.Suggestions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Renders consumers' projections from the secrets a {@link SecretResolver} resolves: every secret
 * they use is read once, at one version ({@link SecretResolver#resolveSecrets}), and every value
 * of the result comes from that read.
 *
 * <p>V1 {@code dataosSecrets} entries give one environment variable per key ({@code envVars}), a
 * {@code <secret>.properties} file ({@code propFile}) or one file per key ({@code file}); keys from
 * a secret's {@code files:} are files named {@code <secret>_<file name>} in both file forms. V2
 * {@code projection} blocks render their templates against their secrets' aliases. A secret
 * without a workspace is looked up in the consumer's, else (for a Depot, whose secrets are
 * instance secrets in DataOS) in {@code instance}, else in the resolver's default scope.
 *
 * <p>An {@code allKeys} entry never sets a {@linkplain SensitiveVariables sensitive variable}
 * ({@code PATH}, {@code LD_PRELOAD}, ...) from a secret's key: it is left out, and
 * {@link RenderedProjection#leftOut()} names it, as {@code secretctl env} leaves it out; a consumer
 * that names such a key itself gets it.
 *
 * <p>A key a V1 entry names that the secret lacks, a template that names one, or two entries that
 * produce the same variable or file, fail the whole render with an {@link InvalidManifestException}
 * listing every such problem with its place in the consumer's manifest, never a value. Thread-safe.
 */
public final class ProjectionRenderer {
  private final SecretResolver resolver;

  /** Creates a renderer that reads secrets through {@code resolver}, with its cache and access rules. */
  public ProjectionRenderer(SecretResolver resolver) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  /**
   * Renders the projections of {@code consumer}.
   *
   * @throws InvalidManifestException if a key or alias the consumer names is missing, or two entries collide
   * @throws dev.secretkit.SecretNotFoundException if a secret does not exist
   * @throws dev.secretkit.AccessDeniedException if the resolver's principal may not use a secret
   */
  public RenderedProjection render(Consumer consumer) {
    return render(List.of(consumer));
  }

  /**
   * Renders the projections of every consumer into one result, each secret read once for all of
   * them; fails as {@link #render(Consumer)} does, and when two consumers produce the same
   * variable or file.
   */
  public RenderedProjection render(List<Consumer> consumers) {
    List<SecretRef> refs = secretsOf(consumers);
    Map<SecretRef, SecretSnapshot> snapshots = resolver.resolveSecrets(refs);
    try {
      return new Rendering(snapshots).render(consumers);
    } finally {
      snapshots.values().forEach(SecretSnapshot::destroy);
    }
  }

  /** Returns a reference to each secret {@code consumers} use, in the order they name them, each once. */
  static List<SecretRef> secretsOf(List<Consumer> consumers) {
    Set<SecretRef> refs = new LinkedHashSet<>();
    for (Consumer consumer : consumers) {
      consumer.dataosSecrets().forEach(entry -> refs.add(ref(consumer, entry)));
      consumer.projections().forEach(spec -> spec.secrets().forEach(input -> refs.add(ref(consumer, input))));
    }
    return List.copyOf(refs);
  }

  static SecretRef ref(Consumer consumer, DataosSecret entry) {
    return entry.workspace().or(consumer::workspace)
        .or(() -> consumer.kind().equals("depot") ? Optional.of(SecretId.INSTANCE_SCOPE)
            : Optional.empty())
        .map(scope -> SecretRef.to(SecretId.of(scope, entry.name())))
        .orElseGet(() -> SecretRef.parse(entry.name()));
  }

  static SecretRef ref(Consumer consumer, SecretInput input) {
    SecretRef ref = SecretRef.parse(input.id());
    return consumer.workspace().map(ref::withDefaultScope).orElse(ref);
  }

  /** One render: the snapshots read, what has been produced so far, and the problems found. */
  private static final class Rendering {
    private final Map<SecretRef, SecretSnapshot> snapshots;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Map<String, Location> envFrom = new HashMap<>();
    private final List<ProjectedFile> files = new ArrayList<>();
    private final Map<String, Location> fileFrom = new HashMap<>();
    /** Each folder the files so far are in, with where its first file came from. */
    private final Map<String, Location> folders = new HashMap<>();
    private final List<String> args = new ArrayList<>();
    private final Set<String> leftOut = new LinkedHashSet<>();
    private final Map<String, List<Violation>> problems = new LinkedHashMap<>();

    Rendering(Map<SecretRef, SecretSnapshot> snapshots) {
      this.snapshots = snapshots;
    }

    RenderedProjection render(List<Consumer> consumers) {
      try {
        for (Consumer consumer : consumers) {
          consumer.dataosSecrets().forEach(entry -> v1(entry, snapshots.get(ref(consumer, entry))));
          consumer.projections().forEach(spec -> v2(consumer, spec));
        }
        if (!problems.isEmpty()) {
          List<Validation> validations = new ArrayList<>();
          problems.forEach((origin, found) -> validations.add(new Validation(origin, 0, found, null)));
          throw new InvalidManifestException(validations);
        }
        Map<SecretId, Long> versions = new LinkedHashMap<>();
        Set<SecretId> stale = new LinkedHashSet<>();
        snapshots.values().forEach(snapshot -> {
          versions.merge(snapshot.id(), snapshot.version(), Math::max);
          if (snapshot.stale()) {
            stale.add(snapshot.id());
          }
        });
        return new RenderedProjection(env, files, args, versions, stale, leftOut);
      } catch (RuntimeException e) {
        files.forEach(ProjectedFile::destroy);
        throw e;
      }
    }

    private void v1(DataosSecret entry, SecretSnapshot snapshot) {
      List<String> keys = entry.allKeys() ? List.copyOf(snapshot.values().keySet()) : entry.keys();
      List<String> present = new ArrayList<>();
      for (String key : keys) {
        if (snapshot.values().containsKey(key)) {
          present.add(key);
        } else {
          problem(entry.location(), "secret " + snapshot.id() + " (version " + snapshot.version() + ") has no key "
              + key + "; it holds " + String.join(", ", snapshot.values().keySet()), Suggestions.closest(key,
                  snapshot.values().keySet()).map(meant -> "did you mean " + meant + "?")
              .orElse("name one of its keys, or add the key to the secret"));
        }
      }
      switch (entry.consumptionType()) {
        case ENV_VARS -> present.forEach(key -> {
          if (entry.allKeys() && SensitiveVariables.isSensitive(key)) {
            leftOut.add(key);
          } else {
            env(key, snapshot.values().get(key).asString(), entry.location());
          }
        });
        case FILE -> present.forEach(key -> file(fileName(snapshot, key), snapshot.values().get(key).bytes(),
            ProjectedFile.DEFAULT_MODE, entry.location()));
        case PROP_FILE -> {
          Map<String, String> properties = new LinkedHashMap<>();
          for (String key : present) {
            if (snapshot.fileNames().containsKey(key)) {
              file(fileName(snapshot, key), snapshot.values().get(key).bytes(), ProjectedFile.DEFAULT_MODE,
                  entry.location());
            } else {
              properties.put(key, snapshot.values().get(key).asString());
            }
          }
          if (!properties.isEmpty()) {
            file(snapshot.id().name() + ".properties", PropertiesText.of(properties).getBytes(StandardCharsets.UTF_8),
                ProjectedFile.DEFAULT_MODE, entry.location());
          }
        }
      }
    }

    /**
     * Returns the name of the file a V1 entry makes of {@code key}: the key, or for a key from
     * {@code files:} {@code <secret>_<file name>}, the stored file name cut to its last path segment.
     */
    private static String fileName(SecretSnapshot snapshot, String key) {
      String fileName = snapshot.fileNames().get(key);
      if (fileName == null) {
        return key;
      }
      String base = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
      return snapshot.id().name() + "_" + (base.isEmpty() || base.startsWith("..") ? key : base);
    }

    private void v2(Consumer consumer, ProjectionSpec spec) {
      Map<String, Map<String, SecretValue>> secrets = new LinkedHashMap<>();
      spec.secrets().forEach(input -> secrets.put(input.contextAlias(), snapshots.get(ref(consumer, input)).values()));
      TemplateContext context = new TemplateContext(secrets);
      for (EnvVarProjection envVar : spec.envVars()) {
        String value = rendered(envVar.template(), spec, context);
        if (value != null) {
          env(envVar.key(), value, envVar.template().location());
        }
      }
      for (FileProjection file : spec.files()) {
        String content = rendered(file.template(), spec, context);
        if (content != null) {
          file(file.relativePath(), content.getBytes(StandardCharsets.UTF_8),
              file.mode().orElse(ProjectedFile.DEFAULT_MODE), file.template().location());
        }
      }
      for (TemplateText arg : spec.args()) {
        String value = rendered(arg, spec, context);
        if (value != null) {
          args.add(value);
        }
      }
    }

    /** Returns {@code template} rendered, or null after reporting why it cannot be. */
    private String rendered(TemplateText template, ProjectionSpec spec, TemplateContext context) {
      TemplateType type = template.templateType().orElse(spec.templateType());
      try {
        return type.engine().compile(template.text(), context.aliases()).render(context);
      } catch (TemplateException e) {
        problem(template.location(), TemplateErrors.message(e, type), e.hint());
        return null;
      }
    }

    private void env(String name, String value, Location from) {
      if (value.indexOf('\0') >= 0) {
        problem(from, "the value of " + name + " holds a NUL character, which no environment variable can hold",
            "project it as a file instead");
        return;
      }
      Location first = envFrom.putIfAbsent(name, from);
      if (first != null) {
        problem(from, "the variable " + name + " is projected twice; first by " + first.path() + " in "
            + first.origin(), "keep one of them, or take the key with a V2 projection under another name");
        return;
      }
      env.put(name, value);
    }

    private void file(String path, byte[] content, int mode, Location from) {
      try {
        String top = path.split("/")[0];
        if (DirectoryNames.isReserved(top) || top.startsWith("..") || top.equals(".")) {
          problem(from, "the file " + path + " would be written to " + top + ", which is reserved",
              "rename the key, or use a V2 projection to choose the file's name");
          return;
        }
        Location first = fileFrom.get(path);
        if (first == null) {
          first = folderOf(path);
        }
        if (first != null) {
          problem(from, "the file " + path + " is projected twice, or where a folder of that name is; first by "
              + first.path() + " in " + first.origin(), "give each file its own name or directory");
          return;
        }
        fileFrom.put(path, from);
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
          folders.putIfAbsent(path.substring(0, slash), from);
        }
        files.add(new ProjectedFile(path, content, mode));
      } finally {
        Arrays.fill(content, (byte) 0);
      }
    }

    /** Returns where a file that {@code path} would put a folder in, or a folder where {@code path} would be a file, came from. */
    private Location folderOf(String path) {
      Location folder = folders.get(path);
      if (folder != null) {
        return folder;
      }
      for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
        Location file = fileFrom.get(path.substring(0, slash));
        if (file != null) {
          return file;
        }
      }
      return null;
    }

    private void problem(Location at, String message, String hint) {
      problems.computeIfAbsent(at.origin(), origin -> new ArrayList<>()).add(new Violation(Severity.ERROR,
          at.path(), at.line(), at.column(), message, hint));
    }
  }
}
