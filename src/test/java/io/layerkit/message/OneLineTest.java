package io.layerkit.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.junit.jupiter.api.Test;

class OneLineTest {

  @Test
  void aFileSystemErrorWithoutReasonSaysWhatIsWrongWithThePath() {
    // the JDK gives these only the path as their message: a report line of just '/srv/x'
    assertThat(OneLine.of(new NoSuchFileException("/srv/x"))).isEqualTo("/srv/x: no such file or folder");
    assertThat(OneLine.of(new AccessDeniedException("/srv/x"))).isEqualTo("/srv/x: permission denied");
    assertThat(OneLine.of(new FileAlreadyExistsException("/srv/x"))).isEqualTo("/srv/x: already exists");
    assertThat(OneLine.of(new NotDirectoryException("/srv/x"))).isEqualTo("/srv/x: not a folder");
    assertThat(OneLine.of(new UncheckedIOException(new AccessDeniedException("/srv/x"))))
        .isEqualTo("/srv/x: permission denied");
  }

  @Test
  void aFileSystemErrorWithAReasonKeepsIt() {
    assertThat(OneLine.of(new FileSystemException("/srv/x", null, "Not a directory")))
        .isEqualTo("/srv/x: Not a directory");
  }

  @Test
  void otherMessagesBecomeOneLine() {
    assertThat(OneLine.of(new IOException("first\n  second\r\nthird"))).isEqualTo("first second third");
    assertThat(OneLine.of(new IllegalStateException())).isEqualTo("IllegalStateException");
  }
}
