package io.shardwise.router.config;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one place that hides the secrets a JDBC URL may carry, for every output that shows a URL:
 * {@code toString}, exception messages, log lines, metrics and JMX. It masks
 *
 * <ul>
 *   <li>the password of a user-info part: {@code jdbc:postgresql://app:pw@host/db} and MySQL's
 *       {@code jdbc:mysql://app:pw@[h1,h2]/db} become {@code app:***@...};
 *   <li>Oracle's {@code jdbc:oracle:thin:app/pw@host:1521/svc}, which becomes {@code app/***@...};
 *   <li>the value of every parameter whose name says it is a secret ({@code password}, {@code
 *       sslpassword}, {@code trustStorePassword}, {@code pwd}, {@code token}, {@code secret} ...),
 *       however the URL separates its parameters: {@code ?a=b&password=pw} (pgjdbc, MariaDB,
 *       shardwise), {@code ;PASSWORD=pw} (H2, SQL Server, DB2) and {@code (password=pw)} or {@code
 *       (host=h,password=pw)} (MySQL's address forms). A percent-encoded name such as {@code
 *       pass%77ord} counts as the name it decodes to.
 * </ul>
 *
 * A value runs to the next separator its driver would split at, so nothing of it survives.
 */
public final class SecretMask {

  /** What replaces a secret. */
  public static final String MASK = "***";

  private static final Pattern SECRET_NAME =
      Pattern.compile("pass|pwd|secret|token|credential|apikey|accesskey|privatekey");

  /** Characters that end a parameter's value: the separators of every URL form listed above. */
  private static final String VALUE_END = "&;),";

  /** Characters that come right before a parameter's name. */
  private static final String NAME_START = "?&;(,:/ ";

  private SecretMask() {}

  /** The URL with every secret part replaced by {@value #MASK}; null for null. */
  public static String url(String url) {
    if (url == null) {
      return null;
    }
    return parameters(oracleCredentials(userInfo(url)));
  }

  /**
   * Free text, such as a database driver's error message, with every {@code jdbc:} URL in it masked
   * as {@link #url} masks it; a URL runs to the next blank or quote. For text that may quote a URL
   * it does not own: "No suitable driver found for jdbc:postgresql://app:pw@host/db".
   */
  public static String text(String text) {
    if (text == null) {
      return null;
    }
    String lower = text.toLowerCase(Locale.ROOT);
    int start = lower.indexOf("jdbc:");
    if (start < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int copied = 0;
    while (start >= 0) {
      int end = start;
      while (end < text.length() && URL_END.indexOf(text.charAt(end)) < 0) {
        end++;
      }
      out.append(text, copied, start).append(url(text.substring(start, end)));
      copied = end;
      start = lower.indexOf("jdbc:", end);
    }
    return out.append(text, copied, text.length()).toString();
  }

  /** Characters that end a URL quoted in free text. */
  private static final String URL_END = " \t\r\n\"'<>";

  /** Whether a parameter of this name holds a secret, whatever its case or percent-encoding. */
  public static boolean isSecretName(String name) {
    return SECRET_NAME.matcher(lenientDecode(name).toLowerCase(Locale.ROOT)).find();
  }

  /** {@code scheme://user:password@host}: everything after the first ':' up to the last '@'. */
  private static String userInfo(String url) {
    int slashes = url.indexOf("//");
    if (slashes < 0) {
      return url;
    }
    int start = slashes + 2;
    int query = url.indexOf('?', start);
    int end = query < 0 ? url.length() : query;
    int at = url.lastIndexOf('@', end - 1);
    if (at < start) {
      return url;
    }
    int colon = url.indexOf(':', start);
    if (colon < 0 || colon > at) {
      return url;
    }
    return url.substring(0, colon + 1) + MASK + url.substring(at);
  }

  /** {@code jdbc:oracle:thin:user/password@...}. */
  private static String oracleCredentials(String url) {
    if (!url.regionMatches(true, 0, "jdbc:oracle:", 0, "jdbc:oracle:".length())) {
      return url;
    }
    int at = url.indexOf('@');
    if (at < 0) {
      return url;
    }
    int colon = url.lastIndexOf(':', at);
    int slash = url.indexOf('/', colon + 1);
    if (slash < 0 || slash > at) {
      return url;
    }
    return url.substring(0, slash + 1) + MASK + url.substring(at);
  }

  /** Masks the value of every {@code name=value} whose name is a secret's. */
  private static String parameters(String url) {
    StringBuilder out = null;
    int copied = 0;
    int previousEnd = 0; // a name starts after the previous value: each character is read once
    int eq = url.indexOf('=');
    while (eq >= 0) {
      int nameStart = eq;
      while (nameStart > previousEnd && NAME_START.indexOf(url.charAt(nameStart - 1)) < 0) {
        nameStart--;
      }
      int valueEnd = eq + 1;
      while (valueEnd < url.length() && VALUE_END.indexOf(url.charAt(valueEnd)) < 0) {
        valueEnd++;
      }
      if (valueEnd > eq + 1 && isSecretName(url.substring(nameStart, eq))) {
        if (out == null) {
          out = new StringBuilder(url.length());
        }
        out.append(url, copied, eq + 1).append(MASK);
        copied = valueEnd;
      }
      previousEnd = Math.max(eq + 1, valueEnd);
      eq = url.indexOf('=', previousEnd);
    }
    return out == null ? url : out.append(url, copied, url.length()).toString();
  }

  /** Percent-decoding for a name test only: a malformed escape is kept as written. */
  private static String lenientDecode(String name) {
    if (name.indexOf('%') < 0) {
      return name;
    }
    StringBuilder sb = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '%' && i + 2 < name.length()) {
        int hi = hex(name.charAt(i + 1));
        int lo = hex(name.charAt(i + 2));
        if (hi >= 0 && lo >= 0) {
          sb.append((char) (hi * 16 + lo));
          i += 2;
          continue;
        }
      }
      sb.append(c);
    }
    return sb.toString();
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}
