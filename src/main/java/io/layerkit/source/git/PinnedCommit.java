package io.layerkit.source.git;

import org.eclipse.jgit.lib.ObjectId;

/**
 * A ref pinned to its commit, and what of that commit is in the local repository so far.
 *
 * @param commit the pinned commit
 * @param target what was asked for to get it, reused when the blobs are fetched later
 * @param withBlobs whether the blobs arrived too, or only the commit and its trees
 */
record PinnedCommit(ObjectId commit, FetchTarget target, boolean withBlobs) {}
