package org.slapos.instancenode.ops;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;

/**
 * Handlers of the POSIX signals of ARCHITECTURE.md section 8: SIGHUP asks for a full pass now;
 * SIGTERM and SIGINT ask for a graceful stop; SIGUSR1 asks to reopen the log file (logrotate), and
 * once handled no longer kills the process, as it would by default.
 *
 * <p>A handler replaces the JVM's own for its signals, so after {@link #onTerminate} the process no
 * longer exits on SIGTERM or SIGINT by itself: the handler must make the loop stop. Handlers run on
 * a thread of the JVM's signal dispatcher and must be quick and must not throw: they only notify
 * the loop. Installing again replaces the previous handler.
 */
public final class Signals {
  private static final String SIGNAL = "sun.misc.Signal";
  private static final String HANDLER = "sun.misc.SignalHandler";

  /** Installed handlers; {@link #close()} puts back the ones they replaced. */
  public interface Installed extends AutoCloseable {
    @Override
    void close();
  }

  private Signals() {}

  /** Runs {@code handler} on every SIGHUP. */
  public static Installed onHangup(Runnable handler) {
    return handle(List.of("HUP"), handler);
  }

  /** Runs {@code handler} on every SIGTERM and SIGINT. */
  public static Installed onTerminate(Runnable handler) {
    return handle(List.of("TERM", "INT"), handler);
  }

  /** Runs {@code handler} on every SIGUSR1. */
  public static Installed onReopenLogs(Runnable handler) {
    return handle(List.of("USR1"), handler);
  }

  private static Installed handle(List<String> names, Runnable handler) {
    List<Object> previous =
        names.stream().map(name -> install(name, proxy(handlerType(), name, handler))).toList();
    return () -> {
      for (int i = 0; i < names.size(); i++) {
        install(names.get(i), previous.get(i));
      }
    };
  }

  /**
   * Sets the handler of SIG{@code name} with {@code sun.misc.Signal} (module {@code
   * jdk.unsupported}), called reflectively: javac warns at every use of that proprietary API, and
   * neither {@code @SuppressWarnings} nor {@code -Xlint} can silence it.
   *
   * @return the handler it replaced
   * @throws IllegalStateException when the signal cannot be handled (the JVM reserves it, as with
   *     {@code -Xrs})
   */
  private static Object install(String name, Object handler) {
    try {
      Class<?> signalType = Class.forName(SIGNAL);
      Object signal = signalType.getConstructor(String.class).newInstance(name);
      return signalType
          .getMethod("handle", signalType, handlerType())
          .invoke(null, signal, handler);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("cannot handle SIG" + name + ": " + e.getCause(), e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot handle SIG" + name + ": " + e, e);
    }
  }

  private static Class<?> handlerType() {
    try {
      return Class.forName(HANDLER);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("cannot handle signals: " + e, e);
    }
  }

  private static Object proxy(Class<?> handlerType, String name, Runnable handler) {
    return Proxy.newProxyInstance(
        handlerType.getClassLoader(),
        new Class<?>[] {handlerType},
        (self, method, args) -> dispatch(self, method, args, name, handler));
  }

  private static Object dispatch(
      Object self, Method method, Object[] args, String name, Runnable handler) {
    return switch (method.getName()) {
      case "handle" -> {
        handler.run();
        yield null;
      }
      case "equals" -> self == args[0];
      case "hashCode" -> System.identityHashCode(self);
      default -> "SIG" + name + " handler";
    };
  }
}
