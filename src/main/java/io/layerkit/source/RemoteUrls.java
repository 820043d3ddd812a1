package io.layerkit.source;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The two URL rules every remote source and the composition root share: credentials never ride
 * in a URL (they would be repeated by every message naming it), and plain HTTP is only for a
 * server on this machine.
 */
public final class RemoteUrls {
  // scheme://USER:PASSWORD@host: up to the last @ before the path, query or fragment (a pasted
  // password may hold spaces)
  private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/?#]*@");
  private static final Pattern IPV4_LOOPBACK =
      Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

  private RemoteUrls() {}

  /** Whether {@code text} holds a URL with a user or password in it. */
  public static boolean hasUserInfo(String text) {
    return text != null && USER_INFO.matcher(text).find();
  }

  /** {@code text} with the user and password of every URL in it removed. */
  public static String withoutUserInfo(String text) {
    return text == null ? null : USER_INFO.matcher(text).replaceAll("");
  }

  /**
   * Whether {@code host} is this machine: {@code localhost}, {@code ::1} or a {@code 127.x.y.z}
   * address literal; never a name that merely starts like one ({@code 127.0.0.1.nip.io}).
   */
  public static boolean isLoopbackHost(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT).replaceAll("^\\[|\\]$", "");
    return h.equals("localhost") || h.equals("::1") || IPV4_LOOPBACK.matcher(h).matches();
  }
}
