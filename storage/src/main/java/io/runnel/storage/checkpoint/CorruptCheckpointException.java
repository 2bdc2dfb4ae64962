package io.runnel.storage.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/** A checkpoint file whose content does not follow its format. */
public class CorruptCheckpointException extends IOException {

    public CorruptCheckpointException(Path file, String reason) {
        super("Malformed checkpoint file " + file + ": " + reason);
    }
}
