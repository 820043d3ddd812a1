package io.layerkit.publish;

import java.util.Locale;

/**
 * How Lambda keeps a layer version's code: {@code COPY} into its own storage (the default), or
 * {@code REFERENCE} to the object version in our versioned bucket, which must then outlive
 * every layer version that references it.
 */
public enum StorageMode {
  COPY,
  REFERENCE;

  /** The name users write: {@code copy} or {@code reference}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode named {@code label}, as {@link #label()} writes it. */
  public static StorageMode of(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
