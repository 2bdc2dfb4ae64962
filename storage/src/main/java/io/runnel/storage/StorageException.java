package io.runnel.storage;

/**
 * The one exception type of the storage module. The {@link #error()} says what went wrong; the message says where
 * and with which values. Unchecked: every public storage operation may throw it.
 */
public class StorageException extends RuntimeException {

    private final StorageError error;

    public StorageException(StorageError error, String message) {
        super(message);
        this.error = error;
    }

    public StorageException(StorageError error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    public StorageError error() {
        return error;
    }

    @Override
    public String toString() {
        return "StorageException(" + error + "): " + getMessage();
    }
}
