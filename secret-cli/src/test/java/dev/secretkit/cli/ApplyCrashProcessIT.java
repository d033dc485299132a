package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.SecretException;
import dev.secretkit.SecretId;
import dev.secretkit.access.Permission;
import dev.secretkit.access.Principal;
import dev.secretkit.access.Role;
import dev.secretkit.client.SecretClient;
import dev.secretkit.testkit.Canaries;
import dev.secretkit.testkit.LeakScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the packaged {@code secretctl apply} of a multi-document batch ({@link ApplyBatch}: creates, new
 * versions, metadata-only changes, owner transfers that move grants) on the file store with SIGKILL at seeded
 * random points, and checks what the README and DECISIONS promise: each secret is applied atomically, in the
 * order of the file, so after any kill every secret is exactly its old state or exactly its new one (every
 * value of every version, owner, grants, dependents, manifest fields), the secrets in their new state are a
 * prefix of the batch holding every secret {@code apply} reported, no other secret appears, the store opens,
 * and {@code apply} run again completes the batch, saying {@code unchanged} for what the killed run wrote.
 * Multi-document apply is not all-or-nothing across documents: a kill mid-batch leaves the first documents
 * applied and the rest not, as a failed write does.
 *
 * <p>States are read through {@link SecretClient} on the {@code file:} URI only, and the master key comes from
 * {@code SECRETKIT_MASTER_KEY}, so the test holds whatever the store keeps on disk.
 *
 * <p>Kill points ({@link KillPoints}, seeded): three full applies first measure when the first document is
 * reported, how long a document takes and when the process exits; one kill in ten then falls at a time anywhere in
 * {@code [0, exit]} (start-up, reading, planning, writing), the others after the k-th document is reported (k
 * uniform over the batch) plus up to one document's time, so that they spread over the writes however loaded the
 * machine is. Where a kill landed is read from the store: before any document, mid-batch, or after the last.
 * {@code -Dsecretkit.crashKills=N} sets the number of kills (20 by default, 100 with
 * {@code -Dsecretkit.longTests=true}); CRASH.md has the figures of a run of 100.
 */
@ExtendWith(LeakScanner.class)
class ApplyCrashProcessIT {
  /** Kills: 20 in {@code mvn verify}, 100 in the long mode, or as {@code -Dsecretkit.crashKills} says. */
  private static final int KILLS = Integer.getInteger("secretkit.crashKills",
      Boolean.getBoolean("secretkit.longTests") ? 100 : 20);
  private static final long SEED = 20261130L;
  /** Documents of each change: 4 changes, so 32 documents. */
  private static final int PER_KIND = 8;
  private static final int CALIBRATIONS = 3;
  /** The exit status of a process ended by SIGKILL (128 + 9), which {@link TimedRun#kill} sends. */
  private static final int KILLED = 137;

  @TempDir
  Path home;

  private Canaries canaries;
  private PackagedSecretctl process;
  private Map<String, String> masterKey;
  private ApplyBatch batch;
  /** Every secret of the batch after a full apply: the new states. */
  private Map<SecretId, Optional<SecretState>> after;
  /** What a full apply prints, a line per document. */
  private List<String> reported;

  @BeforeEach
  void plant(Canaries planted) throws IOException {
    canaries = planted;
    process = new PackagedSecretctl(home);
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    masterKey = Map.of("SECRETKIT_MASTER_KEY", Base64.getEncoder().encodeToString(key));
    batch = new ApplyBatch(planted.plant(), PER_KIND, SEED);
    batch.writeBaseline(home.resolve("baseline-1.yaml"), home.resolve("baseline-2.yaml"));
    batch.writeBatch(home.resolve("batch.yaml"));
  }

  @AfterEach
  void nothingPrintedTheCanary() {
    process.assertNothingLeaked(canaries);
  }

  @Test
  void applyKilledAtRandomPoints_leavesEachSecretOldOrNew_inAPrefixOfTheBatch_andApplyingAgainCompletesIt()
      throws Exception {
    Path baseline = home.resolve("baseline");
    prepare(baseline);
    Map<SecretId, Optional<SecretState>> before = states(baseline);

    List<TimedRun> calibrations = new ArrayList<>();
    for (int c = 0; c < CALIBRATIONS; c++) {
      Path store = copy(baseline, home.resolve("calibration-" + c));
      TimedRun run = TimedRun.start(command(store), environment()).finish(process);
      assertThat(run.exitCode()).as(run.stderr()).isZero();
      assertThat(run.stderr()).isEmpty();
      if (calibrations.isEmpty()) {
        after = states(store);
        reported = run.lines();
        expectTheBatchsChanges(before, after, reported);
      }
      assertThat(states(store)).as("the state after full apply " + c).isEqualTo(after);
      assertThat(run.lines()).isEqualTo(reported);
      calibrations.add(run);
    }
    KillPoints points = KillPoints.measured(calibrations, batch.documents().size());

    Random random = new Random(SEED);
    CrashFigures figures = new CrashFigures();
    List<String> problems = new ArrayList<>();
    for (int round = 0; round < KILLS; round++) {
      Path store = copy(baseline, home.resolve("round-" + round));
      KillPoints.Kill kill = points.draw(random);
      TimedRun run = TimedRun.start(command(store), environment());
      if (run.awaitLines(kill.reports()) && !run.process.waitFor(kill.delay(), TimeUnit.NANOSECONDS)) {
        run.kill();
      }
      run.finish(process);
      String where = "kill " + round + " (at " + kill + ", exit " + run.exitCode() + ")";
      figures.exited(run.exitCode());
      if (run.exitCode() != 0 && run.exitCode() != KILLED) {
        problems.add(where + ": the run failed: " + run.stderr());
        continue;
      }
      int applied = check(store, before, run, where, figures, problems);
      if (applied >= 0) {
        figures.landed(applied, batch.documents().size(), run.lines().size());
        rerun(store, applied, where, problems);
      }
    }
    System.out.println("apply crash test: " + figures.describe(KILLS, batch.documents().size(), points));
    assertThat(problems).as("what the kills left").isEmpty();
    assertThat(figures.opened).as("kills after which the store opened with every secret old or new").isEqualTo(KILLS);
    assertThat(figures.killed).as("runs SIGKILL ended (exit 137) rather than finished").isPositive();
    assertThat(figures.mid).as("kills that landed mid-batch").isGreaterThanOrEqualTo(KILLS / 2);
  }

  /**
   * Checks the store a killed apply left: every secret old or new, the new ones a prefix of the batch that holds
   * every reported one, no other secret. Returns how many documents the prefix holds, or -1, with the problem
   * added and counted, when it is not so.
   */
  private int check(Path store, Map<SecretId, Optional<SecretState>> before, TimedRun run, String where,
      CrashFigures figures, List<String> problems) {
    Map<SecretId, Optional<SecretState>> found;
    List<SecretId> ids;
    try {
      found = states(store);
      ids = ids(store);
    } catch (SecretException e) {
      figures.corrupt++;
      problems.add(where + ": the store did not open, or a secret could not be read: " + e);
      return -1;
    }
    int applied = 0;
    boolean pastTheApplied = false;
    for (ApplyBatch.Document document : batch.documents()) {
      Optional<SecretState> state = found.get(document.id());
      boolean isNew = state.equals(after.get(document.id()));
      if (isNew && !pastTheApplied) {
        applied++;
      } else if (state.equals(before.get(document.id()))) {
        pastTheApplied = true;
      } else {
        figures.halfApplied++;
        problems.add(where + ": " + document.id() + " (document " + document.index() + ", " + document.change()
            + ") is " + (isNew ? "new after an old one" : "neither old nor new: " + state + "; old "
            + before.get(document.id()) + "; new " + after.get(document.id())));
        return -1;
      }
    }
    Set<SecretId> expected = new TreeSet<>(batch.baseline());
    batch.documents().subList(0, applied).forEach(d -> expected.add(d.id()));
    if (ids.size() != expected.size() || !expected.containsAll(ids)) {
      figures.halfApplied++;
      problems.add(where + ": the store lists " + ids + ", expected " + expected);
      return -1;
    }
    List<String> printed = run.lines();
    if (!printed.equals(reported.subList(0, Math.min(printed.size(), reported.size()))) || applied < printed.size()
        || applied > printed.size() + 1) {
      figures.misreported++;
      problems.add(where + ": " + applied + " documents applied, but the run printed " + printed);
      return -1;
    }
    return applied;
  }

  /** Runs the apply again to completion: {@code unchanged} for the first {@code applied} documents, then the rest. */
  private void rerun(Path store, int applied, String where, List<String> problems) throws Exception {
    ProcessRun again = process.run(masterKey, arguments(store));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < reported.size(); i++) {
      String line = reported.get(i);
      expected.add(i < applied ? "unchanged" + line.substring(line.indexOf(' ')) : line);
    }
    if (again.exitCode() != 0 || !again.stderr().isEmpty() || !again.out().equals(String.join("\n", expected) + "\n")) {
      problems.add(where + ": applying again exited " + again.exitCode() + ", printed " + again.out()
          + again.stderr());
      return;
    }
    if (!states(store).equals(after) || ids(store).size() != batch.documents().size()) {
      problems.add(where + ": applying again did not leave the batch's state");
    }
  }

  /**
   * Checks the first full apply against the batch itself, so that "new" means what the batch says: created
   * secrets with the batch's values; new versions with every value changed, {@code port} for {@code host}, acl
   * {@code rw} in V1; metadata-only changes without a new version; transfers owned by the new owner, whose
   * grants replace the old owner's; every baseline secret keeping its reader, its dependent and its versions.
   */
  private void expectTheBatchsChanges(Map<SecretId, Optional<SecretState>> before,
      Map<SecretId, Optional<SecretState>> full, List<String> lines) {
    assertThat(lines).hasSize(batch.documents().size());
    for (ApplyBatch.Document document : batch.documents()) {
      SecretId id = document.id();
      SecretState state = full.get(id).orElseThrow();
      Optional<SecretState> old = before.get(id);
      assertThat(state).as(id + " after the batch").isNotEqualTo(old.orElse(null));
      assertThat(lines.get(document.index())).startsWith(switch (document.change()) {
        case CREATE -> "created " + id + " ";
        default -> "updated " + id + " ";
      });
      switch (document.change()) {
        case CREATE -> {
          assertThat(old).isEmpty();
          assertThat(state.versions()).containsExactly("1 by " + ApplyBatch.ADMIN);
          assertThat(state.latestValues()).isEqualTo(values(id, List.of("username", "password", "host", "pem"), 3));
          assertThat(state.owner()).isEqualTo(ApplyBatch.ADMIN);
        }
        case NEW_VERSION -> {
          assertThat(state.latest()).isEqualTo(3);
          assertThat(state.latestValues()).isEqualTo(values(id, List.of("username", "password", "port", "pem"), 3));
          assertThat(state.acl()).isEqualTo(id.scope().equals("public") ? "rw" : null);
          assertThat(state.tags()).containsExactly("tier:gold", "rotated");
        }
        case METADATA -> {
          assertThat(state.versions()).isEqualTo(old.orElseThrow().versions());
          assertThat(state.values()).isEqualTo(old.orElseThrow().values());
          assertThat(state.tags()).containsExactly("tier:gold");
          assertThat(state.description()).isEqualTo("relabelled by the batch");
        }
        case TRANSFER -> {
          assertThat(state.latest()).isEqualTo(3);
          assertThat(state.latestValues()).isEqualTo(values(id, List.of("username", "password", "host", "pem"), 3));
          assertThat(state.owner()).isEqualTo(ApplyBatch.NEW_OWNER);
          assertThat(state.grants()).contains(ApplyBatch.NEW_OWNER + ":can-edit")
              .doesNotContain(ApplyBatch.OWNER + ":can-edit", ApplyBatch.OWNER + ":can-manage-access");
        }
      }
      if (old.isPresent()) {
        assertThat(state.values().subList(0, 2)).as(id + "'s first versions")
            .isEqualTo(old.get().values().subList(0, 2));
        assertThat(state.grants()).contains(ApplyBatch.READER + ":can-use", ApplyBatch.ADMIN + ":can-use");
        assertThat(state.dependents()).containsExactly(ApplyBatch.DEPENDENT);
      }
    }
  }

  private Map<String, String> values(SecretId id, List<String> keys, int generation) {
    Map<String, String> values = new TreeMap<>();
    keys.forEach(key -> values.put(key, SecretState.fingerprint(batch.value(id, key, generation))));
    return values;
  }

  /**
   * Writes the baseline into {@code store} in this JVM: two versions of each secret by their owner, with
   * can-use for the reader and for the admin who applies the batch, and a dependent.
   */
  private void prepare(Path store) {
    try (SecretClient owner = process.clientInProcess(masterKey, "file:" + store,
        Principal.of(ApplyBatch.OWNER, Role.DATA_DEVELOPER))) {
      owner.apply(home.resolve("baseline-1.yaml"));
      owner.apply(home.resolve("baseline-2.yaml"));
      for (SecretId id : batch.baseline()) {
        owner.grant(id, ApplyBatch.READER, Permission.CAN_USE);
        owner.grant(id, ApplyBatch.ADMIN, Permission.CAN_USE);
        owner.registerDependent(id, ApplyBatch.DEPENDENT);
      }
    }
  }

  /** Returns the state of every secret of the batch in {@code store}, read by the local user. */
  private Map<SecretId, Optional<SecretState>> states(Path store) {
    try (SecretClient client = process.clientInProcess(masterKey, "file:" + store, null)) {
      Map<SecretId, Optional<SecretState>> states = new LinkedHashMap<>();
      for (ApplyBatch.Document document : batch.documents()) {
        states.put(document.id(), SecretState.read(client, document.id()));
      }
      return states;
    }
  }

  /** Returns the id of every secret in {@code store}, as the store lists them. */
  private List<SecretId> ids(Path store) {
    try (SecretClient client = process.clientInProcess(masterKey, "file:" + store, null)) {
      return client.ids();
    }
  }

  /**
   * Copies the store {@code from} to {@code to} file by file, modes kept, and returns {@code to}: a file store is
   * its directory (its key comes from the environment here), so the copy is the same store in another place.
   */
  private static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    return to;
  }

  private String[] arguments(Path store) {
    return new String[] {"apply", "-f", home.resolve("batch.yaml").toString(), "--store", "file:" + store,
        "--principal", ApplyBatch.ADMIN, "--roles", "tenant-admin"};
  }

  private List<String> command(Path store) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(PackagedSecretctl.java());
    command.addAll(List.of("-jar", PackagedSecretctl.JAR.toString()));
    command.addAll(List.of(arguments(store)));
    return command;
  }

  private Map<String, String> environment() {
    Map<String, String> environment = new HashMap<>(process.environment());
    environment.putAll(masterKey);
    return environment;
  }
}
