package io.layerkit.source.git;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;

/**
 * What to ask the remote for so that one commit arrives: an advertised ref when the commit is the
 * tip of one (every server allows that), or the bare commit id otherwise.
 *
 * @param want the ref sent as a {@code want}: advertised, or a synthetic one naming the id
 * @param commit the commit expected once the want is peeled
 * @param advertised whether {@code want} is one of the remote's refs
 * @param label how the user's ref resolved, for messages: {@code branch main}, {@code tag v1}
 */
record FetchTarget(Ref want, ObjectId commit, boolean advertised, String label) {}
