package io.layerkit.message;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The one place that renders a failure as the one line a report, a log line or a failure message
 * shows: an exception's message, or its type when it has none, with line breaks folded so that a
 * report line stays a line.
 */
public final class OneLine {
  private OneLine() {}

  /** {@code text} with every line break (and the blanks around it) folded into one space. */
  public static String flatten(String text) {
    return text == null ? "" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }

  public static String of(Throwable e) {
    String message = e.getMessage();
    Throwable cause = e.getCause();
    if (message == null || message.isBlank()
        || (cause != null && cause != e && message.equals(cause.toString()))) {
      // no message of its own, or only the wrapped one's type and message (new X(cause))
      message = cause != null && cause != e ? of(cause) : e.getClass().getSimpleName();
    } else if (e instanceof FileSystemException fs && fs.getReason() == null) {
      // the JDK gives these only the path as message; a bare path says nothing about what is wrong
      message = message + ": " + whatIsWrong(fs);
    }
    return flatten(message);
  }

  private static String whatIsWrong(FileSystemException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or folder";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "already exists";
    }
    if (e instanceof NotDirectoryException) {
      return "not a folder";
    }
    if (e instanceof DirectoryNotEmptyException) {
      return "folder not empty";
    }
    return e.getClass().getSimpleName();
  }
}
