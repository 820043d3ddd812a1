package io.layerkit.source.git;

import io.layerkit.source.Secret;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * The user and token for the configured remote's own scheme, host and port, and for nothing
 * else. JGit follows a server's redirect to another host and answers that host's request for
 * credentials from the same provider, which would hand it the token; here such a request gets
 * nothing, and the host is remembered so that the failure can say what happened.
 */
final class RemoteOnlyCredentials extends UsernamePasswordCredentialsProvider {
  private final URIish remote;
  private final AtomicReference<URIish> refused = new AtomicReference<>();

  RemoteOnlyCredentials(URIish remote, String user, Secret token) {
    super(user, token.reveal());
    this.remote = remote;
  }

  @Override
  public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
    if (!sameOrigin(remote, uri)) {
      refused.compareAndSet(null, uri);
      return false;
    }
    return super.get(uri, items);
  }

  /** The other host that asked for the token, as {@code scheme://host[:port]}, if one did. */
  Optional<String> refusedOrigin() {
    return Optional.ofNullable(refused.get()).map(uri -> uri.getScheme() + "://" + uri.getHost()
        + (uri.getPort() > 0 ? ":" + uri.getPort() : ""));
  }

  private static boolean sameOrigin(URIish a, URIish b) {
    return b != null && lower(a.getScheme()).equals(lower(b.getScheme()))
        && lower(a.getHost()).equals(lower(b.getHost())) && port(a) == port(b);
  }

  private static int port(URIish uri) {
    if (uri.getPort() > 0) {
      return uri.getPort();
    }
    return "https".equals(lower(uri.getScheme())) ? 443 : 80;
  }

  private static String lower(String text) {
    return text == null ? "" : text.toLowerCase(Locale.ROOT);
  }
}
