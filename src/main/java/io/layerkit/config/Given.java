package io.layerkit.config;

/**
 * A setting's value together with the name it was given under ({@code --share},
 * {@code SHARE_WITH}, {@code layerkit.yaml publish.share}), so that a message about the value
 * names what the user wrote, whichever front door they used.
 *
 * @param value the value as given
 * @param name where it was given
 */
public record Given<T>(T value, String name) {}
