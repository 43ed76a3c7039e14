package org.slapos.instancenode.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.slapos.instancenode.json.Json;

class CipherListTest {

  @Test
  void theBundledListIsRapidCdnsList() throws Exception {
    CipherList release =
        CipherList.parse(
            Json.MAPPER.readTree(Path.of("../shared/rapid-cdn/ciphers.json").toFile()));

    assertEquals(release.supported(), CipherList.rapidCdn().supported());
    assertEquals(release.translations(), CipherList.rapidCdn().translations());
    assertEquals(14, CipherList.rapidCdn().supported().size());
  }

  @Test
  void everyTranslationLeadsToASupportedName() {
    CipherList list = CipherList.rapidCdn();
    list.translations().values().forEach(name -> assertEquals(true, list.supports(name), name));
  }
}
