package dev.secretkit.leakcheck;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The values planted in one test, which must not show up in its output, logs, exceptions or files: each is found as
 * is, Base64-encoded (standard and URL-safe, with and without padding, also inside a longer encoded value), hex-encoded
 * (lower and upper case), URL-encoded and JSON-escaped, and a value made by {@link #plant()} also by any
 * {@value #WINDOW} characters of it in any of those forms.
 *
 * <p>Findings name a value by its fingerprint ({@code canary#} and the first 8 hex digits of its SHA-256) and the form
 * that matched, never by its text. A value chosen by the test ({@link #plant(String)}) is found only whole, in each
 * form: 8 characters of a chosen value, such as {@code password}, occur in ordinary text. The values {@link #plant()}
 * makes are 32 characters drawn at random from 62, so 8 characters of one occur elsewhere only by a chance small
 * enough to ignore: 62^-8 at a given place of a text, and 16^-16 for their 16 hex digits.
 * Thread-safe, so a test's worker threads may plant values too.
 */
public final class PlantedValues {
  /** The shortest value {@link #plant(String)} accepts; shorter ones would be found by accident. */
  public static final int MIN_LENGTH = 6;
  /**
   * How many consecutive characters of a value {@link #plant()} made, in any of its forms, count as a leak of it: that
   * many characters of the value itself or of its Base64, URL or JSON form, or the hex of that many bytes of it (twice
   * as many hex digits: 8 hex digits hold only 32 bits, and a few megabytes of hex would hold them by chance).
   */
  public static final int WINDOW = 8;
  /** How long the values {@link #plant()} makes are. */
  public static final int RANDOM_LENGTH = 32;

  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final List<Planted> planted = new CopyOnWriteArrayList<>();
  private final List<Path> inputs = new CopyOnWriteArrayList<>();
  private volatile Runnable firstPlanted = () -> { };
  private Index index = new Index(0, new WindowIndex(WINDOW), new WindowIndex(2 * WINDOW));

  /** A planted value with its fingerprint, its forms, and whether any window of them counts. */
  private record Planted(String value, String fingerprint, List<Form> forms, boolean random) {
  }

  /** Where a window found belongs. */
  private record Owner(Planted planted, String encoding) {
  }

  /** The windows of every random value's forms: {@link #WINDOW} characters wide, and twice that for hex. */
  private record Index(int count, WindowIndex windows, WindowIndex hexWindows) {
  }

  /** A form of a planted value found at {@code start} to {@code end} of a text. */
  private record Hit(int start, int end, Planted planted, String description) {
  }

  /** Creates an empty set; each test gets its own from {@link LeakCheck}. */
  public PlantedValues() {
    // Values arrive through plant.
  }

  /** Plants and returns a fresh random value of {@value #RANDOM_LENGTH} letters and digits. */
  public String plant() {
    StringBuilder value = new StringBuilder(RANDOM_LENGTH);
    for (int i = 0; i < RANDOM_LENGTH; i++) {
      value.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return add(value.toString(), true);
  }

  /**
   * Plants {@code value}, such as a password a test writes, and returns it; it is found whole, in each form.
   *
   * @throws IllegalArgumentException if it is shorter than {@value #MIN_LENGTH} characters
   */
  public String plant(String value) {
    Objects.requireNonNull(value, "value");
    if (value.length() < MIN_LENGTH) {
      throw new IllegalArgumentException("a canary needs at least " + MIN_LENGTH
          + " characters, or it will be found by accident");
    }
    return add(value, false);
  }

  private String add(String value, boolean random) {
    planted.add(new Planted(value, fingerprint(value), Forms.of(value), random));
    firstPlanted.run();
    return value;
  }

  /** Runs {@code action} when a value is planted (each time; it must be idempotent) and now if one was. */
  void whenFirstPlanted(Runnable action) {
    firstPlanted = action;
    if (!planted.isEmpty()) {
      action.run();
    }
  }

  /**
   * Marks {@code path}, a file or a directory with all under it, as an input the test writes planted values to on
   * purpose in the JVM's temporary directory, such as a credentials file a store reads, and returns it: the scan of the
   * temporary files the test leaves behind skips it. Files under a {@code @TempDir} directory need no mark; they are
   * not scanned.
   */
  public Path input(Path path) {
    inputs.add(path.toAbsolutePath().normalize());
    return path;
  }

  /** Returns the paths marked with {@link #input(Path)}. */
  List<Path> inputs() {
    return List.copyOf(inputs);
  }

  /** Returns how many values were planted. */
  public int count() {
    return planted.size();
  }

  /**
   * Returns one entry for each planted value found in {@code text}, in the order planted, such as
   * {@code canary#1a2b3c4d (Base64)} or {@code canary#1a2b3c4d (8 characters of it, hex (lower case))}; empty when none
   * is, or when {@code text} is null.
   */
  public List<String> foundIn(CharSequence text) {
    Map<Planted, String> found = new LinkedHashMap<>();
    for (Planted value : planted) {
      found.put(value, null);
    }
    for (Hit hit : hits(text)) {
      String before = found.get(hit.planted());
      if (before == null || (before.contains("characters of it") && !hit.description().contains("characters of it"))) {
        found.put(hit.planted(), hit.description());
      }
    }
    List<String> result = new ArrayList<>();
    found.forEach((value, description) -> {
      if (description != null) {
        result.add(value.fingerprint() + " (" + description + ")");
      }
    });
    return result;
  }

  /** Returns {@code text} with each form of a planted value in it replaced by its fingerprint in angle brackets. */
  public String redact(String text) {
    List<Hit> hits = hits(text);
    if (hits.isEmpty()) {
      return text;
    }
    Planted[] cover = new Planted[text.length()];
    for (Hit hit : hits) {
      for (int i = hit.start(); i < hit.end(); i++) {
        cover[i] = hit.planted();
      }
    }
    StringBuilder redacted = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      if (cover[i] == null) {
        redacted.append(text.charAt(i));
      } else if (i == 0 || cover[i - 1] == null) {
        redacted.append('<').append(cover[i].fingerprint()).append('>');
      }
    }
    return redacted.toString();
  }

  /** Returns the fingerprint of {@code value}: {@code canary#} and the first 8 hex digits of its SHA-256. */
  public static String fingerprint(String value) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return "canary#" + HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }

  private List<Hit> hits(CharSequence text) {
    List<Hit> hits = new ArrayList<>();
    if (text == null || text.length() == 0 || planted.isEmpty()) {
      return hits;
    }
    String string = text.toString();
    for (Planted value : planted) {
      for (Form form : value.forms()) {
        for (int at = string.indexOf(form.text()); at >= 0; at = string.indexOf(form.text(), at + 1)) {
          hits.add(new Hit(at, at + form.text().length(), value, form.encoding()));
        }
      }
    }
    Index windows = windows();
    for (WindowIndex.Hit hit : windows.windows().hitsIn(string)) {
      Owner owner = (Owner) hit.owner();
      hits.add(new Hit(hit.start(), hit.start() + WINDOW, owner.planted(),
          WINDOW + " characters of it, " + owner.encoding()));
    }
    for (WindowIndex.Hit hit : windows.hexWindows().hitsIn(string)) {
      Owner owner = (Owner) hit.owner();
      hits.add(new Hit(hit.start(), hit.start() + 2 * WINDOW, owner.planted(),
          WINDOW + " characters of it, " + owner.encoding()));
    }
    return hits;
  }

  private synchronized Index windows() {
    List<Planted> now = List.copyOf(planted);
    if (index.count() != now.size()) {
      WindowIndex windows = new WindowIndex(WINDOW);
      WindowIndex hexWindows = new WindowIndex(2 * WINDOW);
      for (Planted value : now) {
        if (value.random()) {
          for (Form form : value.forms()) {
            (form.encoding().startsWith("hex") ? hexWindows : windows)
                .addWindowsOf(form.text(), new Owner(value, form.encoding()));
          }
        }
      }
      index = new Index(now.size(), windows, hexWindows);
    }
    return index;
  }

  /** Returns how many values are planted; never their text. */
  @Override
  public String toString() {
    return "PlantedValues[" + planted.size() + " planted]";
  }
}
