package io.layerkit.source;

import java.util.Optional;

/**
 * What a source needs to know of a package's previous release to judge freshness: where it came
 * from and the source's own fingerprint of the folder at that time.
 *
 * @param source the {@link PackageSource#describe()} of the source that built it
 * @param packagePath the folder it was built from
 * @param commit the commit it was built from, if any
 * @param fingerprint the source's fingerprint of the folder, if it gave one
 */
public record PreviousBuild(
    String source, String packagePath, Optional<String> commit, Optional<String> fingerprint) {}
