package io.layerkit.archive;

import io.layerkit.tree.TreeEntry;
import java.io.IOException;
import java.io.InputStream;

/**
 * Sees the content of chosen entries while the archiver reads it, so that facts about a layer
 * (an SBOM, say) come from the one pass that zips it, never from a second read of the tree.
 *
 * <p>The archiver stays in charge of the bytes: an observation reads ahead of it through a view of
 * the entry's content, and the archiver then receives exactly the bytes the view delivered,
 * followed by the rest of the content. An observation cannot change what is zipped, and memory
 * stays bounded by what one {@link Observation#advance} reads.
 *
 * <p>Called from the archiver's worker threads, several entries at a time. An entry whose archive
 * attempt is abandoned is never seen to its end; an entry offered again (a retry) starts a new
 * observation, which replaces the first one's findings.
 */
public interface ContentObserver {

  /** Whether to see the content of {@code entry}. */
  boolean wants(TreeEntry entry);

  /**
   * Starts observing one entry. {@code content} yields the entry's bytes; whatever the observation
   * reads from it is passed on to the archiver unchanged.
   */
  Observation observe(TreeEntry entry, InputStream content);

  /** Reading one entry, a step at a time, between the archiver's own reads. */
  interface Observation {
    /**
     * Reads a little further into the content (the view's own reads are the step: keep them
     * small). Returns {@code false} once it needs no more, and at the latest once it has used
     * what it read up to the end of the content: the archiver keeps calling until then.
     */
    boolean advance() throws IOException;
  }

  /** An opener whose content of wanted entries passes through {@code observer} on its way. */
  static ContentOpener observing(ContentOpener opener, ContentObserver observer) {
    return entry -> {
      InputStream content = opener.open(entry);
      return observer.wants(entry) ? new ObservedContent(content, entry, observer) : content;
    };
  }
}
