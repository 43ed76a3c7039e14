package org.slapos.instancenode.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrivateAddressesTest {

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, true",
    "127.8.9.1, true",
    "0.0.0.0, true",
    "10.1.2.3, true",
    "172.16.0.1, true",
    "172.31.255.255, true",
    "172.32.0.1, false",
    "192.168.1.1, true",
    "169.254.169.254, true",
    "100.64.0.1, true",
    "100.127.255.255, true",
    "100.128.0.1, false",
    "224.0.0.1, true",
    "::1, true",
    "::, true",
    "fe80::1, true",
    "fd12:3456::1, true",
    "::ffff:10.0.0.1, true",
    "93.184.216.34, false",
    "2001:4860:4860::8888, false",
  })
  void privateLoopbackAndLinkLocalAddressesAreRefused(String address, boolean refused)
      throws UnknownHostException {
    assertEquals(refused, PrivateAddresses.isPrivate(InetAddress.getByName(address)));
  }

  @ParameterizedTest
  @CsvSource({"93.184.216.34, 10.0.0.7", "10.0.0.7, 93.184.216.34"})
  void aHostWithAnyPrivateAddressIsRefusedNamingIt(String first, String second)
      throws UnknownHostException {
    String refusal =
        PrivateAddresses.refusal(
                "mixed.example",
                List.of(InetAddress.getByName(first), InetAddress.getByName(second)))
            .orElseThrow();

    assertTrue(refusal.startsWith("mixed.example resolves to 10.0.0.7"), refusal);
    assertTrue(refusal.contains("backend-probe-allow-private"), refusal);
  }
}
