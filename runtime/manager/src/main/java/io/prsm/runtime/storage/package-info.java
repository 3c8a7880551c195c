/** Each plugin's key-value store, kept in files under the plugin's data area. */
package io.prsm.runtime.storage;
