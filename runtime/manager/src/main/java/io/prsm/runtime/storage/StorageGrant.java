package io.prsm.runtime.storage;

/** Which plugin a bundle is and how many bytes its store may hold. */
public record StorageGrant(String pluginId, long quotaBytes) {
}
