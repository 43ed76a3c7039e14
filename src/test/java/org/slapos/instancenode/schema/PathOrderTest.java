package org.slapos.instancenode.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.networknt.schema.path.NodePath;
import com.networknt.schema.path.PathType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PathOrderTest {
  private static final NodePath ROOT = new NodePath(PathType.JSON_PATH);

  @Test
  void parentsComeFirstNamesAlphabeticallyIndexesNumerically() {
    List<NodePath> paths =
        new ArrayList<>(
            List.of(
                ROOT.append("url"),
                ROOT.append("list").append("name"),
                ROOT.append("list").append(10),
                ROOT.append("https-url"),
                ROOT.append("list").append(2),
                ROOT,
                ROOT.append("list"),
                ROOT.append("custom_domain")));

    paths.sort(PathOrder.INSTANCE);

    assertEquals(
        List.of(
            "$",
            "$.custom_domain",
            "$['https-url']",
            "$.list",
            "$.list[2]",
            "$.list[10]",
            "$.list.name",
            "$.url"),
        paths.stream().map(NodePath::toString).toList());
  }
}
