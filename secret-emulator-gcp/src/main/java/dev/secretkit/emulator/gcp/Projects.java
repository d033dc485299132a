package dev.secretkit.emulator.gcp;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The project numbers the emulator gives project IDs. Secret Manager names resources by project number in its
 * answers whatever the request named (a recorded real answer to a request for {@code projects/<id>/secrets/x} says
 * {@code Secret [projects/<number>/secrets/x] not found.}), so the emulator does the same. An ID's number is
 * {@code 100000000000} plus the CRC32C of the ID, the same in every emulator unless two IDs of one emulator collide,
 * when the later one takes the next free number. A request may name a project by ID or by number.
 */
final class Projects {
  private static final long BASE = 100_000_000_000L;

  private final Map<String, String> numbersById = new HashMap<>();
  private final Map<String, String> idsByNumber = new HashMap<>();

  /** Returns the number of {@code project}, an ID or a number; a number is its own. */
  synchronized String number(String project) {
    if (Character.isDigit(project.charAt(0))) {
      return project;
    }
    String known = numbersById.get(project);
    if (known != null) {
      return known;
    }
    CRC32C crc = new CRC32C();
    crc.update(project.getBytes(StandardCharsets.US_ASCII));
    long candidate = BASE + crc.getValue();
    while (idsByNumber.containsKey(Long.toString(candidate))) {
      candidate++;
    }
    String number = Long.toString(candidate);
    numbersById.put(project, number);
    idsByNumber.put(number, project);
    return number;
  }
}
