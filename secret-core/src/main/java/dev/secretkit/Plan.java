package dev.secretkit;

import dev.secretkit.client.SecretClient;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a batch of applies or deletes would do, judged against the store without writing anything:
 * one {@link Step} per manifest or id, in order, each with the change it would make or the problem
 * that stops it. Made by {@link SecretClient#planApply} and {@link SecretClient#planDelete}.
 *
 * <p>A plan is a snapshot: another writer may change the store before it is carried out, so
 * carrying it out can still fail, one step at a time.
 */
public final class Plan {
  private final List<Step> steps;

  private Plan(List<Step> steps) {
    this.steps = List.copyOf(steps);
  }

  /** Returns a plan of {@code steps}, in order. */
  public static Plan of(List<Step> steps) {
    return new Plan(steps);
  }

  /** Returns every step, in the order of the manifests or ids planned. */
  public List<Step> steps() {
    return steps;
  }

  /** Returns whether no step has a problem, so that every change may be tried. */
  public boolean ready() {
    return steps.stream().allMatch(step -> step.problem().isEmpty());
  }

  /** Returns the problems of the steps that have one, in step order. */
  public List<SecretException> problems() {
    return steps.stream().flatMap(step -> step.problem().stream()).toList();
  }

  /** What a step would do to its secret. */
  public enum Action {
    /** Create the secret, as version 1. */
    CREATE,
    /** Write a new version, because the values differ (or the principal may not compare them). */
    UPDATE,
    /** Change metadata only, keeping the version. */
    UPDATE_METADATA,
    /** Nothing: the secret already is as the manifest describes it. */
    UNCHANGED,
    /** Delete the secret and every version of it. */
    DELETE
  }

  /** One manifest's or id's part of a plan. */
  public static final class Step {
    private final SecretId id;
    private final Action action;
    private final long version;
    private final SecretException problem;
    private final List<String> warnings;

    private Step(SecretId id, Action action, long version, SecretException problem, List<String> warnings) {
      this.id = id;
      this.action = Objects.requireNonNull(action, "action");
      this.version = version;
      this.problem = problem;
      this.warnings = List.copyOf(warnings);
    }

    /**
     * Returns a step that would do {@code action} to {@code id}, leaving {@code version} as its
     * latest version (for a delete, the version it deletes; 0 when unknown).
     */
    public static Step of(SecretId id, Action action, long version, List<String> warnings) {
      return new Step(Objects.requireNonNull(id, "id"), action, version, null, warnings);
    }

    /** Returns a step that cannot be carried out, for {@code problem}; {@code id} is null when the manifest names no valid id. */
    public static Step failed(SecretId id, Action action, SecretException problem, List<String> warnings) {
      return new Step(id, action, 0, Objects.requireNonNull(problem, "problem"), warnings);
    }

    /** Returns the secret, or empty when the manifest names no valid id (the problem says why). */
    public Optional<SecretId> id() {
      return Optional.ofNullable(id);
    }

    /** Returns what the step would do, or was meant to do when it has a problem. */
    public Action action() {
      return action;
    }

    /** Returns the secret's latest version after the step (for a delete, the version deleted); 0 when unknown. */
    public long version() {
      return version;
    }

    /** Returns why the step cannot be carried out, or empty when it can. */
    public Optional<SecretException> problem() {
      return Optional.ofNullable(problem);
    }

    /** Returns what the step will do differently from what the manifest says, such as an {@code owner:} it ignores. */
    public List<String> warnings() {
      return warnings;
    }

    @Override
    public String toString() {
      return "Step[" + id + " " + action + (problem == null ? "" : " problem=" + problem.getClass().getSimpleName())
          + "]";
    }
  }
}
