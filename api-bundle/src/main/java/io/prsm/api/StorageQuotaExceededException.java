package io.prsm.api;

import java.io.IOException;

/** A {@link PluginStorage#put} would make the store larger than the plugin's declared storage. */
public class StorageQuotaExceededException extends IOException {
    private static final long serialVersionUID = 1L;

    public StorageQuotaExceededException(String message) {
        super(message);
    }
}
