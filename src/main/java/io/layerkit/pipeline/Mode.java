package io.layerkit.pipeline;

/** What a run does after validation. */
public enum Mode {
  /** Zips into the output folder; no store, no registry. */
  BUILD,
  /** Everything publish would do, without writing anything. */
  PLAN,
  /** The whole pipeline: store, optionally publish, record. */
  PUBLISH
}
