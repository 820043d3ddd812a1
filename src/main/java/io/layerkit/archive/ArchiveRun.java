package io.layerkit.archive;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the entries of one archive run share.
 *
 * @param opener where entries' content comes from
 * @param spills where compressed bytes wait for the writer once they outgrow memory
 * @param spillThreshold how many bytes of one entry stay in memory
 * @param chunks the buffers and pool that deflate large entries in parallel chunks
 * @param aborted set when the run stops early: reads and waits then fail at once
 */
record ArchiveRun(ContentOpener opener, SpillArea spills, int spillThreshold, ChunkWorkers chunks,
    AtomicBoolean aborted) {}
