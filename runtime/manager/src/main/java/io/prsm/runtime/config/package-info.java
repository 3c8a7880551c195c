/**
 * Plugin configuration in layers: metatype defaults, the configuration file in the storage
 * folder, the environment, and runtime overrides kept in Configuration Admin.
 */
package io.prsm.runtime.config;
