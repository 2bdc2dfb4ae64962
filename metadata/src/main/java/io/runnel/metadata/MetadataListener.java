package io.runnel.metadata;

/**
 * Told about every new metadata image, in order, on the controller's thread. Listeners must be quick and must not
 * call back into the controller synchronously.
 */
public interface MetadataListener {

    void onImage(MetadataImage previous, MetadataImage current);
}
