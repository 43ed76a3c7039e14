package org.slapos.instancenode.cdn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.slapos.instancenode.cdn.Snapshots.entry;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NetlocCheckTest {
  private final NetlocCheck check = new NetlocCheck();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "example.com:80",
        "192.0.2.1:443 [2001:db8::1]:8443",
        "  backend-1.example.com:1\n\tbackend_2.internal:65535  ",
        "[::1]:80",
        "localhost:8080",
        "",
      })
  void wellFormedNetlocsPass(String list) {
    for (String field : NetlocCheck.FIELDS) {
      assertEquals(List.of(), check.check(entry(field, list)), field);
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "example.com | the port is missing",
        "example.com: | the port is missing",
        ":80 | the host is missing",
        "[]:80 | the host is missing",
        "example.com:0 | port 0 is not from 1 to 65535",
        "example.com:65536 | port 65536 is not from 1 to 65535",
        "example.com:http | port 'http' is not a number",
        "example.com:-1 | port '-1' is not a number",
        "::1:80 | an IPv6 address must be in brackets, as [2001:db8::1]:443",
        "[example.com]:80 | 'example.com' is not an IPv6 address",
        "[2001:db8::zz]:80 | '2001:db8::zz' is not an IPv6 address",
        "exa mple.com:80x | port '80x' is not a number",
        "bad/host:80 | 'bad/host' is not a host name or IPv4 address",
        "http://example.com:80 | give the host and port without a scheme",
      })
  void malformedNetlocIsRejectedWithWhy(String item, String why) {
    List<CheckFailure> failures = check.check(entry("url-netloc-list", "good.example:80 " + item));

    List<CheckFailure> expected =
        item.contains(" ")
            ? List.of(
                CheckFailure.of(
                    Reason.NETLOC_INVALID,
                    "url-netloc-list: 'exa' is not host:port or [ipv6]:port: the port is missing"),
                CheckFailure.of(
                    Reason.NETLOC_INVALID,
                    "url-netloc-list: 'mple.com:80x' is not host:port or [ipv6]:port: " + why))
            : List.of(
                CheckFailure.of(
                    Reason.NETLOC_INVALID,
                    "url-netloc-list: '" + item + "' is not host:port or [ipv6]:port: " + why));
    assertEquals(expected, failures);
  }

  @Test
  void everyBadItemOfEveryFieldIsReportedWithItsField() {
    List<CheckFailure> failures =
        check.check(
            entry(
                "url-netloc-list", "a:1 not-a-netloc",
                "https-url-netloc-list", "b:99999",
                "health-check-failover-url-netloc-list", "c",
                "health-check-failover-https-url-netloc-list", "[fe80::1]:443 d:x"));

    assertEquals(
        List.of(
            "url-netloc-list: 'not-a-netloc' is not host:port or [ipv6]:port: the port is missing",
            "https-url-netloc-list: 'b:99999' is not host:port or [ipv6]:port: port 99999 is not"
                + " from 1 to 65535",
            "health-check-failover-url-netloc-list: 'c' is not host:port or [ipv6]:port: the port"
                + " is missing",
            "health-check-failover-https-url-netloc-list: 'd:x' is not host:port or [ipv6]:port:"
                + " port 'x' is not a number"),
        failures.stream().map(CheckFailure::message).toList());
  }
}
