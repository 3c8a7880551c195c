package io.prsm.runtime.config;

/** A plugin's configuration cannot be read or stored; the message says where and what to do. */
public final class ConfigurationException extends Exception {

    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }
}
