/** The hot-deploy folder: plugin jars dropped there are installed, removed ones uninstalled. */
package io.prsm.runtime.deploy;
