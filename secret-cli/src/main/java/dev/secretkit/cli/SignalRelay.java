package dev.secretkit.cli;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Passes the signals {@code exec} receives on to its command, each as itself, as a process
 * supervisor does: SIGTERM, SIGHUP, SIGUSR1 and SIGUSR2 always, and SIGINT when secretctl has no
 * terminal (at a terminal, Ctrl-C already reaches the command, which is in the same process
 * group). While it is installed the JVM does not stop on them: {@code exec} goes on waiting for the
 * command, and ends with its status; one that comes while the command starts is sent once it has.
 * Closing it puts the JVM's own handling back.
 *
 * <p>It reaches {@code sun.misc.Signal} by reflection, since the JDK offers no public API for
 * signals, and sends with {@code kill}; where either is missing, it relays nothing and SIGTERM and
 * SIGINT stop the JVM as before (see {@link Termination}).
 */
final class SignalRelay implements AutoCloseable {
  private static final List<String> ALWAYS = List.of("TERM", "HUP", "USR1", "USR2");
  private static final String INTERRUPT = "INT";
  private static final long KILL_SECONDS = 5;

  /** The command, once started; signals that come before it are kept for it. */
  private Process child;
  private final List<String> early = new ArrayList<>();
  /** Each relayed signal with the handler it had before; empty when nothing is relayed. */
  private final Map<Object, Object> previous = new LinkedHashMap<>();
  /** {@code sun.misc.Signal.handle}, to put the previous handlers back; null when nothing is relayed. */
  private Method handle;

  private SignalRelay() {
  }

  /**
   * Takes over the relayed signals until closed, before the command starts, so that none is lost
   * between its start and {@link #attach}: those that come before are sent to it then.
   *
   * @param atTerminal whether secretctl runs at a terminal, whose Ctrl-C the command gets itself
   */
  static SignalRelay install(boolean atTerminal) {
    SignalRelay relay = new SignalRelay();
    List<String> names = new ArrayList<>(ALWAYS);
    if (!atTerminal) {
      names.add(INTERRUPT);
    }
    try {
      Class<?> signalType = Class.forName("sun.misc.Signal");
      Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
      Constructor<?> signal = signalType.getConstructor(String.class);
      Method handle = signalType.getMethod("handle", signalType, handlerType);
      Method name = signalType.getMethod("getName");
      Object handler = Proxy.newProxyInstance(SignalRelay.class.getClassLoader(), new Class<?>[] {handlerType},
          (proxy, method, args) -> {
            if (method.getName().equals("handle")) {
              relay.received((String) name.invoke(args[0]));
              return null;
            }
            return method.getDeclaringClass() == Object.class ? method.invoke(relay, args) : null;
          });
      for (String each : names) {
        Object which = signal.newInstance(each);
        try {
          relay.previous.put(which, handle.invoke(null, which, handler));
        } catch (ReflectiveOperationException taken) {
          // The JVM or the OS keeps this one (it says so through IllegalArgumentException): it is not relayed.
        }
      }
      relay.handle = handle;
    } catch (ReflectiveOperationException | RuntimeException unavailable) {
      relay.previous.clear();
    }
    return relay;
  }

  /** Relays the signals to {@code started} from now on, after those that came before it started. */
  void attach(Process started) {
    List<String> pending;
    synchronized (this) {
      child = started;
      pending = List.copyOf(early);
      early.clear();
    }
    pending.forEach(this::send);
  }

  private void received(String name) {
    synchronized (this) {
      if (child == null) {
        early.add(name);
        return;
      }
    }
    send(name);
  }

  /** Sends the signal called {@code name} to the command; SIGTERM falls back on {@link Process#destroy()}. */
  private void send(String name) {
    if (!child.isAlive()) {
      return;
    }
    boolean sent = false;
    try {
      Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(child.pid()))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      sent = kill.waitFor(KILL_SECONDS, TimeUnit.SECONDS) && kill.exitValue() == 0;
    } catch (IOException e) {
      sent = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!sent && name.equals("TERM")) {
      child.destroy();
    }
  }

  /** Puts back the handling each relayed signal had before. */
  @Override
  public void close() {
    if (handle == null) {
      return;
    }
    previous.forEach((signal, handler) -> {
      try {
        handle.invoke(null, signal, handler);
      } catch (ReflectiveOperationException | RuntimeException gone) {
        // Nothing more can be done for this one; the process is about to end anyway.
      }
    });
  }
}
