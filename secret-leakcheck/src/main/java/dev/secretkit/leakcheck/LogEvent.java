package dev.secretkit.leakcheck;

/** A log event kept for the scan: where it came from, and its text, formatted only when a scan needs it. */
interface LogEvent {
  /** Names the event for a verdict, such as {@code an SLF4J event of logger 'x' at level DEBUG}. */
  String source();

  /** Returns the message as logged, its parameters, and the stack trace of its exception, if any. */
  String text();
}
