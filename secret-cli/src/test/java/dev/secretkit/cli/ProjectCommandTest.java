package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretkit.testkit.Canaries;
import dev.secretkit.testkit.LeakScanner;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code secretctl project}, in-process on a file store: the summary, the files and their modes,
 * registration and {@code --delete}, each {@code -o} format with and without {@code --reveal},
 * {@code --watch}, and every failure, which leaves no file and no registration behind. Every run's
 * output is scanned for the planted passwords, but the stdout of runs asked to reveal them.
 */
@ExtendWith(LeakScanner.class)
class ProjectCommandTest {
  /** A V1 service that takes two keys as variables and the password as a properties file, and a V2 projection. */
  private static final String WEB = """
      name: web
      version: v1
      type: service
      service:
        dataosSecrets:
          - name: pg-r
            keys: [PG_USER, PG_PASSWORD]
          - name: pg-r
            key: PG_PASSWORD
            consumptionType: propFile
      projection:
        templateType: none
        secrets:
          - id: pg-r
            contextAlias: db
        projections:
          envVars:
            - key: APP_MODE
              value: production
          files:
            - name: app.conf
              directory: app
              value: mode=production
              mode: "0400"
          args:
            - --verbose
            - value: --port=8080
      """;
  /** A V1 worker that takes the two keys, and every key of tools, as variables. */
  private static final String VARIABLES = """
      name: vars
      version: v1
      type: worker
      worker:
        dataosSecrets:
          - name: pg-r
            keys: [PG_USER, PG_PASSWORD]
          - name: tools
            allKeys: true
      """;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private Map<String, String> env;
  private Canaries canaries;
  private String password;
  private String token;
  private Path secrets;
  private final ScannedRuns runs = new ScannedRuns();

  @BeforeEach
  void applyTwoSecrets(Canaries planted) throws IOException {
    canaries = planted;
    password = planted.plant();
    token = planted.plant();
    env = CliRun.fileStoreUser(dir);
    secrets = dir.resolve("secrets");
    Path manifests = Files.writeString(dir.resolve("secrets.yaml"), """
        name: pg-r
        version: v1
        type: secret
        secret:
          type: key-value-properties
          acl: r
          data:
            PG_USER: "it's a user"
            PG_PASSWORD: "%s"
        ---
        name: tools
        version: v1
        type: secret
        secret:
          type: key-value-properties
          acl: r
          data:
            API_TOKEN: "%s"
            NODE_OPTIONS: "--require ./%s.js"
        """.formatted(password, token, password));
    assertThat(secretctl("apply", "-f", manifests.toString()).exitCode()).isZero();
  }

  @AfterEach
  void nothingPrintedAPassword() {
    runs.assertNothingLeaked(canaries);
  }

  private CliRun secretctl(String... args) {
    return runs.scanned(CliRun.secretctl(env, args));
  }

  private Path consumer(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private String dependentsOfPg() {
    return secretctl("dependents", "list", "-n", "pg-r").out();
  }

  @Test
  void summary_namesWhatWasProjected_theFilesHaveTheirModes_andTheConsumerIsADependentUntilDelete() throws Exception {
    Path web = consumer("web.yaml", WEB);

    CliRun project = secretctl("project", "-f", web.toString(), "--dir", secrets.toString());

    assertThat(project.exitCode()).as(project.err()).isZero();
    assertThat(project.err()).isEmpty();
    assertThat(project.out()).isEqualTo("""
        variable  PG_USER
        variable  PG_PASSWORD
        variable  APP_MODE
        file      %1$s/pg-r.properties (0600)
        file      %1$s/app/app.conf (0400)
        arguments 2
        secret    public:pg-r version 1
        registered service:v1:web as a dependent of public:pg-r
        """.formatted(secrets));
    Path properties = secrets.resolve("pg-r.properties");
    assertThat(Files.readString(properties)).isEqualTo("PG_PASSWORD=" + password + "\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(properties))).isEqualTo("rw-------");
    assertThat(Files.readString(secrets.resolve("app/app.conf"))).isEqualTo("mode=production");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets.resolve("app/app.conf"))))
        .isEqualTo("r--------");
    assertThat(dependentsOfPg()).isEqualTo("service:v1:web\n");

    CliRun refused = secretctl("delete", "-n", "pg-r");
    assertThat(refused.exitCode()).isEqualTo(Failures.CONFLICT);
    assertThat(refused.err()).contains("service:v1:web");

    assertThat(secretctl("project", "-f", web.toString(), "--dir", secrets.toString()).exitCode())
        .as("a second run swaps the files in again").isZero();
    CliRun delete = secretctl("project", "-f", web.toString(), "--dir", secrets.toString(), "--delete");
    assertThat(delete.exitCode()).as(delete.err()).isZero();
    assertThat(delete.out()).isEqualTo("unregistered service:v1:web from public:pg-r\n"
        + "removed the projected files from " + secrets + "\n");
    assertThat(secrets).doesNotExist();
    assertThat(dependentsOfPg()).isEmpty();
    assertThat(secretctl("delete", "-n", "pg-r").exitCode()).isZero();
  }

  @Test
  void noRegister_writesTheFilesAndRegistersNothing() throws Exception {
    Path web = consumer("web.yaml", WEB);

    CliRun project = secretctl("project", "-f", web.toString(), "--dir", secrets.toString(), "--no-register");

    assertThat(project.exitCode()).as(project.err()).isZero();
    assertThat(project.out()).doesNotContain("registered");
    assertThat(secrets.resolve("pg-r.properties")).isRegularFile();
    assertThat(dependentsOfPg()).isEmpty();
  }

  @Test
  void outputFormats_withoutReveal_nameEachVariableAndHideItsValue() throws Exception {
    Path vars = consumer("vars.yaml", VARIABLES);
    String hidden = "secretctl project: values hidden: add --reveal to print them\n";
    String leftOut = "secretctl project: the variable NODE_OPTIONS, taken with allKeys, changes how a shell or the"
        + " programs it starts run: left out; name it with key: or keys: in the consumer to project it\n";

    CliRun env = secretctl("project", "-f", vars.toString(), "--dir", secrets.toString(), "-o", "env");
    assertThat(env.exitCode()).as(env.err()).isZero();
    assertThat(env.out()).isEqualTo("""
        # PG_USER=
        # PG_PASSWORD=
        # API_TOKEN=
        # NODE_OPTIONS: left out, since setting it changes how a shell or the programs it starts run
        """);
    assertThat(env.err()).isEqualTo(leftOut + hidden);
    assertThat(secretctl("project", "-f", vars.toString(), "--dir", secrets.toString(), "-o", "dotenv").out())
        .isEqualTo("""
            # projected from public:pg-r version 1, public:tools version 1: values hidden; add --reveal
            # PG_USER=
            # PG_PASSWORD=
            # API_TOKEN=
            # NODE_OPTIONS: left out, since setting it changes how a shell or the programs it starts run
            """);
    CliRun properties = secretctl("project", "-f", vars.toString(), "--dir", secrets.toString(), "-o",
        "properties");
    assertThat(properties.out()).isEqualTo("""
        # projected from public:pg-r version 1, public:tools version 1: values hidden; add --reveal
        # PG_USER=
        # PG_PASSWORD=
        # API_TOKEN=
        """);
    assertThat(properties.err()).as("left out of every format").isEqualTo(leftOut + hidden);
    CliRun json = secretctl("project", "-f", vars.toString(), "--dir", secrets.toString(), "-o", "json");
    JsonNode object = JSON.readTree(json.out());
    assertThat(object.get("env").properties()).extracting(Map.Entry::getKey)
        .containsExactly("PG_USER", "PG_PASSWORD", "API_TOKEN");
    assertThat(object.get("env").elements()).toIterable().allMatch(JsonNode::isNull);
    assertThat(object.get("secrets").toString()).isEqualTo("{\"public:pg-r\":1,\"public:tools\":1}");
    assertThat(json.err()).isEqualTo(leftOut + hidden);
    assertThat(secrets).as("variables only: no secret directory").doesNotExist();
  }

  @Test
  void outputFormats_withReveal_printValuesThatAShellAndJavaReadBack() throws Exception {
    Path vars = consumer("vars.yaml", VARIABLES);

    CliRun env = reveal("-f", vars.toString(), "--dir", secrets.toString(), "-o", "env");
    assertThat(env.out()).isEqualTo("PG_USER=it's a user\nPG_PASSWORD=" + password + "\nAPI_TOKEN=" + token
        + "\n# NODE_OPTIONS: left out, since setting it changes how a shell or the programs it starts run\n");
    assertThat(env.err()).startsWith("secretctl project: the variable NODE_OPTIONS, taken with allKeys");

    CliRun dotenv = reveal("-f", vars.toString(), "--dir", secrets.toString(), "-o", "dotenv");
    assertThat(dotenv.out()).startsWith("# projected from public:pg-r version 1, public:tools version 1\n"
        + "PG_USER='it'\\''s a user'\n");
    Path script = Files.writeString(dir.resolve("vars.sh"), dotenv.out());
    ProcessRun shell = ProcessRun.run(List.of("sh", "-c", ". \"$1\"; printf '%s|%s|%s' \"$PG_USER\" \"$PG_PASSWORD\""
        + " \"${NODE_OPTIONS-unset}\"", "sh", script.toString()), Map.of("PATH", System.getenv("PATH")));
    assertThat(shell.out()).isEqualTo("it's a user|" + password + "|unset");

    CliRun properties = reveal("-f", vars.toString(), "--dir", secrets.toString(), "-o", "properties");
    Properties loaded = new Properties();
    loaded.load(new StringReader(properties.out()));
    assertThat(loaded).containsExactlyInAnyOrderEntriesOf(Map.of("PG_USER", "it's a user", "PG_PASSWORD", password,
        "API_TOKEN", token));
    assertThat(properties.err()).startsWith("secretctl project: the variable NODE_OPTIONS, taken with allKeys");

    JsonNode json = JSON.readTree(reveal("-f", vars.toString(), "--dir", secrets.toString(), "-o", "json").out());
    assertThat(json.get("env").get("PG_PASSWORD").asText()).isEqualTo(password);
    assertThat(json.get("env").has("NODE_OPTIONS")).as("left out of every format").isFalse();
    assertThat(json.get("files")).isEmpty();
    assertThat(json.get("args")).isEmpty();
  }

  @Test
  void json_listsTheFilesUnderTheDirectory_andTheArguments_hiddenUnlessRevealed() throws Exception {
    Path web = consumer("web.yaml", WEB);

    JsonNode hidden = JSON.readTree(secretctl("project", "-f", web.toString(), "--dir", secrets.toString(), "-o",
        "json").out());
    JsonNode revealed = JSON.readTree(reveal("-f", web.toString(), "--dir", secrets.toString(), "-o", "json").out());

    assertThat(hidden.get("files")).extracting(JsonNode::asText).containsExactly(
        secrets.resolve("pg-r.properties").toString(), secrets.resolve("app/app.conf").toString());
    assertThat(hidden.get("args").toString()).isEqualTo("[null,null]");
    assertThat(revealed.get("args").toString()).isEqualTo("[\"--verbose\",\"--port=8080\"]");
    assertThat(revealed.get("env").get("APP_MODE").asText()).isEqualTo("production");
  }

  @Test
  void goTemplates_buildAVariableFromFiveKeys_andAKeyATemplateNamesWrongly_isReportedAtItsLine() throws Exception {
    Path db = Files.writeString(dir.resolve("db.yaml"), """
        name: db
        version: v1
        type: secret
        secret:
          type: key-value-properties
          acl: r
          data:
            username: app
            password: "%s"
            host: db.example.test
            port: "5432"
            database: sales
        """.formatted(password));
    assertThat(secretctl("apply", "-f", db.toString()).exitCode()).isZero();
    String consumer = """
        name: api
        version: v1beta
        type: service
        spec:
          use:
            projection:
              secrets:
                - id: db
                  contextAlias: db
              projections:
                envVars:
                  - key: DATABASE_URL
                    template: "postgresql://{{.secrets.db.username}}:{{.secrets.db.password | urlquery}}\
        @{{.secrets.db.host}}:{{.secrets.db.port}}/{{.secrets.db.%s}}"
        """;
    Path api = consumer("api.yaml", consumer.formatted("database"));

    CliRun summary = secretctl("project", "-f", api.toString(), "--dir", secrets.toString(), "--no-register");
    assertThat(summary.exitCode()).as(summary.err()).isZero();
    assertThat(summary.out()).isEqualTo("variable  DATABASE_URL\narguments 0\nsecret    public:db version 1\n");
    CliRun env = reveal("-f", api.toString(), "--dir", secrets.toString(), "-o", "env");
    assertThat(env.out()).isEqualTo("DATABASE_URL=postgresql://app:" + password + "@db.example.test:5432/sales\n");

    Path typo = consumer("typo.yaml", consumer.formatted("databse"));
    CliRun wrong = secretctl("project", "-f", typo.toString(), "--dir", secrets.toString());
    assertThat(wrong.exitCode()).isEqualTo(Failures.INVALID_MANIFEST);
    assertThat(wrong.err()).contains(typo + ":13:")
        .contains("databse").endsWith("secretctl project: nothing was written or registered\n");
    assertThat(dir.resolve("secrets")).doesNotExist();
  }

  private CliRun reveal(String... args) {
    List<String> all = new ArrayList<>(List.of("project", "--reveal", "--no-register"));
    all.addAll(List.of(args));
    CliRun run = runs.revealing(CliRun.secretctl(env, all.toArray(String[]::new)));
    assertThat(run.exitCode()).as(run.err()).isZero();
    return run;
  }

  @Test
  void aConsumerWithErrors_isReportedWithLinesAndColumns_andNothingIsWrittenOrRegistered() throws Exception {
    Path broken = consumer("broken.yaml", """
        name: web
        version: v1
        type: service
        service:
          dataosSecrets:
            - name: pg-r
              keyss: [PG_PASSWORD]
              consumptionType: propFile
        ---
        name: Web_2
        version: v1
        type: service
        """);

    CliRun run = secretctl("project", "-f", broken.toString(), "--dir", secrets.toString());

    assertThat(run.exitCode()).isEqualTo(Failures.INVALID_MANIFEST);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains(broken + ":7:7: error: service.dataosSecrets[0].keyss:")
        .contains("did you mean keys?").contains(broken + ":10:7: error: name: invalid name Web_2")
        .endsWith("secretctl project: nothing was written or registered\n");
    assertNothingWrittenOrRegistered();
  }

  @Test
  void aKeyTheSecretLacks_isReportedWhereTheConsumerNamesIt_withTheKeyMeant() throws Exception {
    Path typo = consumer("typo.yaml", WEB.replace("key: PG_PASSWORD", "key: PG_PASWORD"));

    CliRun run = secretctl("project", "-f", typo.toString(), "--dir", secrets.toString());

    assertThat(run.exitCode()).isEqualTo(Failures.INVALID_MANIFEST);
    assertThat(run.err()).contains(typo + ":8:7: error: service.dataosSecrets[1]: secret public:pg-r (version 1)"
        + " has no key PG_PASWORD; it holds PG_PASSWORD, PG_USER").contains("hint: did you mean PG_PASSWORD?")
        .endsWith("secretctl project: nothing was written or registered\n");
    assertNothingWrittenOrRegistered();
  }

  @Test
  void aMissingSecret_orOneThePrincipalMayNotUse_writesAndRegistersNothing() throws Exception {
    Path missing = consumer("missing.yaml", WEB.replace("name: pg-r\n      key:", "name: pg-rr\n      key:"));

    CliRun notFound = secretctl("project", "-f", missing.toString(), "--dir", secrets.toString());
    assertThat(notFound.exitCode()).isEqualTo(Failures.NOT_FOUND);
    assertThat(notFound.err()).startsWith("secretctl project: secret not found: public:pg-rr").contains("pg-r?");
    assertNothingWrittenOrRegistered();

    CliRun denied = secretctl("project", "-f", consumer("web.yaml", WEB).toString(), "--dir", secrets.toString(),
        "--principal", "mallory");
    assertThat(denied.exitCode()).isEqualTo(Failures.ACCESS_DENIED);
    assertThat(denied.err()).contains("mallory").contains("can-use");
    assertNothingWrittenOrRegistered();
  }

  @Test
  void aNameTakenByAFileSecretctlDidNotWrite_isRefused_andNothingIsRegistered() throws Exception {
    Files.createDirectories(secrets);
    Files.writeString(secrets.resolve("pg-r.properties"), "mine");

    CliRun run = secretctl("project", "-f", consumer("web.yaml", WEB).toString(), "--dir", secrets.toString());

    assertThat(run.exitCode()).isEqualTo(Failures.USAGE);
    assertThat(run.err()).isEqualTo("secretctl project: " + secrets.resolve("pg-r.properties") + " exists and was"
        + " not written by SecretKit; move it away or choose another --dir\n");
    assertThat(Files.readString(secrets.resolve("pg-r.properties"))).isEqualTo("mine");
    assertThat(dependentsOfPg()).isEmpty();
  }

  @Test
  void aRegistrationThatFails_takesBackTheOthers_andRemovesTheFilesFromTheDirectoryItCreated() throws Exception {
    Path big = Files.writeString(dir.resolve("big.yaml"), """
        name: big
        version: v1
        type: secret
        description: "%s"
        secret:
          type: key-value-properties
          acl: r
          data:
            PASSWORD: fake-value
        """.formatted("x".repeat(900)));
    assertThat(secretctl("apply", "-f", big.toString()).exitCode()).isZero();
    Path two = consumer("two.yaml", """
        name: first
        version: v1
        type: worker
        worker:
          dataosSecrets:
            - name: tools
              key: API_TOKEN
              consumptionType: file
        ---
        name: second
        version: v1
        type: worker
        worker:
          dataosSecrets:
            - name: big
              allKeys: true
        """);
    // A store whose limit the small secret's metadata keeps, and the big one's breaks: registering second fails.
    String store = "file:" + dir.resolve(".secretkit") + "?maxMetadataBytes=800";

    CliRun run = secretctl("project", "-f", two.toString(), "--dir", secrets.toString(), "--store", store);

    assertThat(run.exitCode()).isEqualTo(Failures.INVALID_MANIFEST);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("secretctl project: registering worker:v1:second as a dependent of its secrets"
        + " failed; the files it wrote were removed; run again, or use --no-register\n")
        .contains("the store allows at most 800").endsWith("secretctl project: nothing was written or registered\n");
    assertThat(secrets).doesNotExist();
    assertThat(secretctl("dependents", "list", "-n", "tools").out()).as("first was unregistered again").isEmpty();
  }

  @Test
  void optionsThatDoNotGoTogether_orAWorkspaceTheConsumerContradicts_areBadUsage() throws Exception {
    Path web = consumer("web.yaml", WEB);
    Path sales = consumer("sales.yaml", WEB.replace("type: service\n", "type: service\nworkspace: sales\n"));
    String file = web.toString();

    assertThat(secretctl("project", "-f", file, "--reveal").err()).contains("--reveal goes with -o");
    assertThat(secretctl("project", "-f", file, "--delete", "-o", "env").err()).contains("--delete renders nothing");
    assertThat(secretctl("project", "-f", file, "--watch", "-o", "env").err()).contains("--watch prints one line");
    assertThat(secretctl("project", "-f", file, "--interval", "5s").err()).contains("--interval goes with --watch");
    assertThat(secretctl("project", "-f", file, "--watch", "--interval", "500ms").err())
        .contains("expected a duration such as 30s, 5m or 1h");
    assertThat(secretctl("project", "-f", file, "--watch", "--interval", "PT0.5S").err())
        .contains("the watch looks at most once a second");
    assertThat(secretctl("project", "-f", file, "-o", "yaml").err())
        .contains("unknown output format 'yaml'; expected env, dotenv, properties, json");
    assertThat(secretctl("project", "-f", dir.resolve("none.yaml").toString()).err()).contains("does not exist");
    assertThat(secretctl("project", "-f", dir.toString()).err()).contains("is a directory");
    CliRun contradicted = secretctl("project", "-f", sales.toString(), "-w", "public", "--dir", secrets.toString());
    assertThat(contradicted.exitCode()).isEqualTo(Failures.USAGE);
    assertThat(contradicted.err()).contains("-w public contradicts " + sales).contains("service web names workspace:"
        + " sales, not public");
    assertNothingWrittenOrRegistered();
  }

  @Test
  void watch_reRendersWhenASecretChanges_namingItsVersionAndKeys_untilStopped() throws Exception {
    Path web = consumer("web.yaml", WEB);
    LineQueue out = new LineQueue();
    LineQueue err = new LineQueue();
    AtomicInteger status = new AtomicInteger(-1);
    Thread watching = new Thread(() -> status.set(SecretCtl.run(new String[] {"project", "-f", web.toString(),
        "--dir", secrets.toString(), "--watch", "--interval", "1s"}, new ByteArrayInputStream(new byte[0]),
        out.stream(), err.stream(), env)));
    watching.start();
    try {
      assertThat(err.next()).isEqualTo("secretctl project: watching 1 secret, each looked at every 1s; stop with"
          + " Ctrl-C or SIGTERM");
      assertThat(out.lines()).endsWith("registered service:v1:web as a dependent of public:pg-r");
      String rotated = canaries.plant();
      Path manifest = Files.writeString(dir.resolve("pg.yaml"), Files.readString(dir.resolve("secrets.yaml"))
          .split("---")[0].replace(password, rotated));
      assertThat(secretctl("apply", "-f", manifest.toString()).exitCode()).isZero();

      assertThat(out.next()).isEqualTo("re-rendered public:pg-r version 2: changed PG_PASSWORD");
      assertThat(Files.readString(secrets.resolve("pg-r.properties"))).isEqualTo("PG_PASSWORD=" + rotated + "\n");
    } finally {
      watching.interrupt();
      watching.join(TimeUnit.SECONDS.toMillis(30));
    }
    assertThat(status.get()).as("stopped by an interrupt, as by a signal").isZero();
    assertThat(secrets.resolve("pg-r.properties")).as("the files stay").isRegularFile();
    runs.scanned(new CliRun(status.get(), String.join("\n", out.lines()), String.join("\n", err.lines())));
  }

  private void assertNothingWrittenOrRegistered() {
    assertThat(secrets).doesNotExist();
    assertThat(dependentsOfPg()).isEmpty();
  }

  /** What a run in another thread prints, line by line, for a test to wait for without sleeping. */
  private static final class LineQueue extends OutputStream {
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private final StringBuilder line = new StringBuilder();

    PrintStream stream() {
      return new PrintStream(this, true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
      if (b == '\n') {
        queue.add(line.toString());
        line.setLength(0);
      } else {
        line.append((char) b);
      }
    }

    /** Returns the next line, waiting up to 20 seconds for it. */
    String next() throws InterruptedException {
      String next = queue.poll(20, TimeUnit.SECONDS);
      assertThat(next).as("a line within 20 s").isNotNull();
      seen.add(next);
      return next;
    }

    /** Returns every line printed so far. */
    synchronized List<String> lines() {
      queue.drainTo(seen);
      return List.copyOf(seen);
    }
  }
}
