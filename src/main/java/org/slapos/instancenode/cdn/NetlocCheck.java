package org.slapos.instancenode.cdn;

import com.google.common.net.InetAddresses;
import com.google.common.net.InternetDomainName;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every item of the {@code *-netloc-list} parameters (space-separated) is {@code host:port} or
 * {@code [ipv6]:port} with a port from 1 to 65535, as HAProxy takes a server address: the CDN
 * writes these items into its backend configuration as they are, so one it cannot parse breaks the
 * frontend of every entry. Each bad item is reported with its field.
 */
final class NetlocCheck implements Check {
  static final List<String> FIELDS =
      List.of(
          "url-netloc-list",
          "https-url-netloc-list",
          "health-check-failover-url-netloc-list",
          "health-check-failover-https-url-netloc-list");
  private static final Pattern NETLOC = Pattern.compile("(\\[[^\\]]*\\]|[^:\\[\\]]*):([^:]*)");

  @Override
  public List<CheckFailure> check(EntrySnapshot entry) {
    List<CheckFailure> failures = new ArrayList<>();
    for (String field : FIELDS) {
      String list = entry.text(field);
      if (list == null) {
        continue;
      }
      for (String item : list.strip().split("\\s+")) {
        if (item.isEmpty()) {
          continue;
        }
        String why = problem(item);
        if (why != null) {
          failures.add(
              CheckFailure.of(
                  Reason.NETLOC_INVALID,
                  field + ": '" + item + "' is not host:port or [ipv6]:port: " + why));
        }
      }
    }
    return failures;
  }

  /** Why {@code item} is not a netloc, or null when it is one. */
  static String problem(String item) {
    if (item.contains("://")) {
      return "give the host and port without a scheme";
    }
    Matcher netloc = NETLOC.matcher(item);
    if (!netloc.matches()) {
      return item.indexOf(':') < 0
          ? "the port is missing"
          : "an IPv6 address must be in brackets, as [2001:db8::1]:443";
    }
    String host = netloc.group(1);
    String port = netloc.group(2);
    if (host.isEmpty() || host.equals("[]")) {
      return "the host is missing";
    }
    if (host.startsWith("[")) {
      String address = host.substring(1, host.length() - 1);
      if (address.indexOf(':') < 0 || !InetAddresses.isInetAddress(address)) {
        return "'" + address + "' is not an IPv6 address";
      }
    } else if (!InetAddresses.isInetAddress(host) && !InternetDomainName.isValid(host)) {
      return "'" + host + "' is not a host name or IPv4 address";
    }
    if (!port.matches("[0-9]{1,5}")) {
      return port.isEmpty() ? "the port is missing" : "port '" + port + "' is not a number";
    }
    int number = Integer.parseInt(port);
    if (number < 1 || number > 65535) {
      return "port " + number + " is not from 1 to 65535";
    }
    return null;
  }
}
