package io.layerkit.source.bitbucket;

import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A successful raw GET whose body has not been read yet.
 *
 * @param body the response body, streamed from the network
 * @param etag the answer's ETag (Bitbucket derives it from content and attributes), if any
 * @param contentLength the declared length, if any
 */
record Download(InputStream body, Optional<String> etag, OptionalLong contentLength) {}
