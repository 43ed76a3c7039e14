package org.slapos.instancenode.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slapos.instancenode.config.ConfigException;
import org.slapos.instancenode.config.LogFormat;
import org.slapos.instancenode.files.FileErrors;
import org.slapos.instancenode.files.OwnerOnlyFiles;
import org.slf4j.LoggerFactory;

/**
 * Logback's configuration, in code: by default logs go to stderr (stdout carries command output),
 * one line per event with its key/values and MDC in one {@code key=value} style ({@link
 * KeyValuesConverter}), what users wrote escaped everywhere in it ({@link
 * org.slapos.instancenode.text.Printable}), at level INFO. Found by Logback through {@code
 * META-INF/services}; doing it in code instead of {@code logback.xml} spares every run the XML
 * machinery's start-up time. {@link #apply} then sets what the configuration asks for.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LoggingSetup extends ContextAwareBase implements Configurator {
  static final String PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0} %pmsg%kv%n%pex";
  private static final String LOGFILE = "logfile";
  private static Signals.Installed reopenHandler;

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    install(context, LogFormat.TEXT, Optional.empty(), Optional.empty(), false);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * Reconfigures the running Logback context: {@code format} is the line format (TEXT as by
   * default; JSON as one flat object per line, as logstash-logback-encoder writes it: {@code
   * @timestamp}, {@code level}, {@code logger_name}, {@code thread_name}, {@code message}, every
   * key/value and MDC entry as a top-level field, and any {@code stack_trace}); lines are appended
   * to {@code logfile}, created {@code 0600} if absent
   * (stderr then gets nothing; missing directories above it are created {@code 0700}), or go to
   * stderr; the root level is DEBUG when {@code debug}, else INFO. From then on SIGUSR1 reopens the
   * log file (after logrotate moved it: a new {@code 0600} file at the same path) and never stops
   * the process.
   *
   * <p>Meant for start-up: events logged by other threads while it runs may go to either
   * configuration, or be lost.
   *
   * @throws ConfigException naming the {@code logfile} key when the file is a directory or cannot
   *     be created or opened for appending
   */
  public static void apply(LogFormat format, Optional<Path> logfile, boolean debug) {
    apply(format, logfile, LOGFILE, debug);
  }

  /**
   * {@link #apply(LogFormat, Optional, boolean)}, with the key or option that gave {@code logfile}
   * ({@code logfile}, {@code --logfile}) to name it in messages.
   */
  public static void apply(
      LogFormat format, Optional<Path> logfile, String logfileKey, boolean debug) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      throw new IllegalStateException(
          "logging is not Logback: " + LoggerFactory.getILoggerFactory().getClass().getName());
    }
    install(context, format, logfile.map(f -> FileErrors.named(logfileKey, f)), logfile, debug);
    synchronized (LoggingSetup.class) {
      if (reopenHandler == null) {
        reopenHandler = Signals.onReopenLogs(() -> reopen(context));
      }
    }
  }

  /**
   * SIGUSR1: the log file is opened again at its path, so lines go to the file logrotate left there
   * rather than to the one it moved away. The stream is swapped under the appender's lock: no line
   * is lost or split. Runs on the signal thread: never throws.
   */
  static void reopen(LoggerContext context) {
    Appender<ILoggingEvent> appender =
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(LOGFILE);
    if (!(appender instanceof FileAppender<ILoggingEvent> file)) {
      return;
    }
    // Not a static field: this class configures Logback, and is loaded while Logback starts.
    org.slf4j.Logger log = LoggerFactory.getLogger(LoggingSetup.class);
    try {
      createOwnerOnly(Path.of(file.getFile()));
      file.openFile(file.getFile());
      log.atInfo().setMessage("log file reopened").addKeyValue("file", file.getFile()).log();
    } catch (IOException | RuntimeException e) {
      // The old stream stays open: lines keep going to the moved file rather than nowhere.
      log.atError()
          .setMessage("cannot reopen the log file; logging goes on to the old one")
          .addKeyValue("file", file.getFile())
          .addKeyValue("error", e instanceof IOException io ? FileErrors.words(io) : e.toString())
          .log();
    }
  }

  private static void install(
      LoggerContext context,
      LogFormat format,
      Optional<String> named,
      Optional<Path> logfile,
      boolean debug) {
    OutputStreamAppender<ILoggingEvent> appender =
        logfile
            .map(file -> fileAppender(context, file, named.orElseThrow()))
            .orElseGet(() -> stderr(context));
    appender.setEncoder(format == LogFormat.JSON ? json(context) : text(context));
    appender.start();
    if (!appender.isStarted()) {
      throw new ConfigException(named.orElseThrow() + ": cannot be opened for appending");
    }
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();
    root.addAppender(appender);
    root.setLevel(debug ? Level.DEBUG : Level.INFO);
    // Rapid.CDN schemas carry UI keywords (textarea...) the validator warns about on every load:
    // nothing an operator can act on.
    context.getLogger("com.networknt.schema.keyword.UnknownKeywordFactory").setLevel(Level.ERROR);
  }

  private static OutputStreamAppender<ILoggingEvent> stderr(LoggerContext context) {
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("stderr");
    stderr.setTarget("System.err");
    return stderr;
  }

  private static OutputStreamAppender<ILoggingEvent> fileAppender(
      LoggerContext context, Path file, String named) {
    if (Files.isDirectory(file)) {
      throw new ConfigException(named + ": is a directory, not a file");
    }
    try {
      createOwnerOnly(file);
    } catch (IOException e) {
      throw new ConfigException(named + ": cannot be created: " + FileErrors.words(e));
    }
    // Logback would only say that it failed to start: open it once here to say why.
    try {
      Files.newOutputStream(file, StandardOpenOption.APPEND).close();
    } catch (IOException e) {
      throw new ConfigException(named + ": cannot be opened for appending: " + FileErrors.words(e));
    }
    FileAppender<ILoggingEvent> appender = new FileAppender<>();
    appender.setContext(context);
    appender.setName(LOGFILE);
    appender.setFile(file.toString());
    appender.setAppend(true);
    return appender;
  }

  private static void createOwnerOnly(Path file) throws IOException {
    OwnerOnlyFiles.createParentDirectories(file);
    OwnerOnlyFiles.createIfAbsent(file);
  }

  private static Encoder<ILoggingEvent> text(LoggerContext context) {
    PatternLayout layout = new PatternLayout();
    layout.setContext(context);
    // What users wrote is escaped in every part of a text line: no entry can forge one.
    layout.getInstanceConverterMap().put("pmsg", PrintableMessageConverter::new);
    layout.getInstanceConverterMap().put("kv", KeyValuesConverter::new);
    layout.getInstanceConverterMap().put("pex", PrintableThrowableConverter::new);
    layout.setPattern(PATTERN);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.start();
    return encoder;
  }

  private static Encoder<ILoggingEvent> json(LoggerContext context) {
    LogstashEncoder encoder = new LogstashEncoder();
    encoder.setContext(context);
    // The logger context's properties (host name...) would repeat on every line.
    encoder.setIncludeContext(false);
    // Milliseconds in UTC, as the text lines have them.
    encoder.setTimestampPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    encoder.setTimeZone("UTC");
    encoder.start();
    return encoder;
  }
}
