package dev.triage.sidecar.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

final class PageRoutesTest {
  @Test
  void everyFileInTheWebFolderIsAnAssetAndEveryAssetAFile() throws Exception {
    Path folder = Path.of(PageRoutesTest.class.getResource(PageRoutes.FOLDER).toURI());
    List<String> files;
    try (Stream<Path> list = Files.list(folder)) {
      files = list.map(file -> file.getFileName().toString()).toList();
    }

    assertThat(PageRoutes.ASSETS).containsExactlyInAnyOrderElementsOf(files);
  }

  @Test
  void everyAssetHasAContentTypeAndAnUnknownExtensionIsRefused() {
    PageRoutes.ASSETS.forEach(name -> assertThat(PageRoutes.type(name)).isNotBlank());
    assertThatThrownBy(() -> PageRoutes.type("notes.txt"))
        .hasMessage("no content type for notes.txt");
  }
}
