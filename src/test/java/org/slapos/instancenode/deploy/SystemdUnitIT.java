package org.slapos.instancenode.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.testing.Command;
import org.slapos.instancenode.testing.Distribution;

/**
 * The systemd files of {@code deploy/} pass systemd's own checks: {@code systemd-analyze verify}
 * and {@code security} (2.0 or better) for the unit; {@code systemd-sysusers} and {@code
 * systemd-tmpfiles}, run on a scratch root, create the user and the directories.
 */
class SystemdUnitIT {
  private static final Path UNIT = Path.of("deploy/cdn-instance-node.service");
  private static final String INSTALLED_LAUNCHER = "/opt/cdn-instance-node/bin/cdn-instance-node";

  @TempDir Path dir;

  @Test
  void unitPassesVerify() throws Exception {
    // verify wants ExecStart's binary to exist: the unit as installed, but naming the launcher of
    // the distribution built for this test instead of /opt's.
    String unit = Files.readString(UNIT);
    assertTrue(unit.contains("ExecStart=" + INSTALLED_LAUNCHER + " run"), unit);
    Path copy =
        Files.writeString(
            dir.resolve("cdn-instance-node.service"),
            unit.replace(INSTALLED_LAUNCHER, Distribution.launcher().toString()));

    Command verify = Command.run(null, "systemd-analyze", "verify", copy.toString());

    assertEquals(0, verify.exit(), verify.output());
    assertEquals("", verify.output().strip());
  }

  @Test
  void unitIsRatedTwoOrBetterBySystemdAnalyzeSecurity() throws Exception {
    Command security =
        Command.run(
            null,
            "systemd-analyze",
            "security",
            "--offline=true",
            "--threshold=20",
            "--no-pager",
            UNIT.toString());

    assertEquals(0, security.exit(), security.output());
    Matcher level =
        Pattern.compile("Overall exposure level for cdn-instance-node.service: (\\d+\\.\\d)")
            .matcher(security.output());
    assertTrue(level.find(), security.output());
    assertTrue(Double.parseDouble(level.group(1)) <= 2.0, security.output());
  }

  @Test
  void unitIsANotifyServiceWithWatchdogThatIsNotRestartedOnAConfigurationError() throws Exception {
    List<String> lines = Files.readAllLines(UNIT).stream().map(String::strip).toList();

    assertTrue(lines.contains("Type=notify"), "Type=notify");
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("WatchdogSec=")), "WatchdogSec");
    assertTrue(lines.contains("RestartPreventExitStatus=2"), "exit 2 is a usage error");
    assertTrue(lines.contains("ExecReload=/bin/kill -HUP $MAINPID"), "reload is SIGHUP");
  }

  @Test
  void sysusersAndTmpfilesCreateTheUserAndItsDirectories() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root/etc")).getParent();

    Command users =
        Command.run(
            Path.of("deploy/systemd/cdn-instance-node.sysusers"),
            "systemd-sysusers",
            "--root=" + root,
            "-");
    assertEquals(0, users.exit(), users.output());
    assertTrue(
        Files.readString(root.resolve("etc/passwd"))
            .matches("(?s).*cdn-instance-node:x:\\d+:\\d+:[^:]*:/var/lib/cdn-instance-node:.*"),
        Files.readString(root.resolve("etc/passwd")));
    Command dirs =
        Command.run(
            Path.of("deploy/systemd/cdn-instance-node.tmpfiles"),
            "systemd-tmpfiles",
            "--root=" + root,
            "--create",
            "-");

    assertEquals(0, dirs.exit(), dirs.output());
    assertEquals(
        PosixFilePermissions.fromString("rwx------"),
        Files.getPosixFilePermissions(root.resolve("var/lib/cdn-instance-node")));
    assertEquals(
        PosixFilePermissions.fromString("rwxr-x---"),
        Files.getPosixFilePermissions(root.resolve("etc/cdn-instance-node")));
    assertTrue(Files.isDirectory(root.resolve("var/log/cdn-instance-node")));
  }
}
