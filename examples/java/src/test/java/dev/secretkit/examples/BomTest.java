package dev.secretkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** The BOM a user imports lists every published SecretKit module, at the version the build makes. */
class BomTest {
  private static final Path ROOT = Path.of("../..");

  @Test
  void theBom_listsEveryPublishedModule_atTheParentsVersion() throws Exception {
    Document parent = read(ROOT.resolve("pom.xml"));
    Document bom = read(ROOT.resolve("secret-bom/pom.xml"));

    List<String> published = new ArrayList<>();
    for (String module : children(child(parent.getDocumentElement(), "modules"), "module")) {
      if (module.startsWith("secret-") && !module.equals("secret-bom")) {
        published.add(child(read(ROOT.resolve(module).resolve("pom.xml")).getDocumentElement(), "artifactId")
            .getTextContent().strip());
      }
    }
    List<String> managed = new ArrayList<>();
    Element dependencies = child(child(bom.getDocumentElement(), "dependencyManagement"), "dependencies");
    for (Node dependency = dependencies.getFirstChild(); dependency != null; dependency = dependency.getNextSibling()) {
      if (dependency instanceof Element element) {
        managed.add(child(element, "artifactId").getTextContent().strip());
      }
    }

    assertThat(published).isNotEmpty();
    assertThat(managed).containsExactlyInAnyOrderElementsOf(published);
    assertThat(child(bom.getDocumentElement(), "version").getTextContent())
        .isEqualTo(child(parent.getDocumentElement(), "version").getTextContent());
  }

  private static Document read(Path pom) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
  }

  /** Returns {@code parent}'s own child element {@code name}. */
  private static Element child(Element parent, String name) {
    for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element element && element.getTagName().equals(name)) {
        return element;
      }
    }
    throw new AssertionError("no <" + name + "> in <" + parent.getTagName() + ">");
  }

  /** Returns the texts of {@code parent}'s own child elements {@code name}. */
  private static List<String> children(Element parent, String name) {
    List<String> texts = new ArrayList<>();
    for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element element && element.getTagName().equals(name)) {
        texts.add(element.getTextContent().strip());
      }
    }
    return texts;
  }
}
