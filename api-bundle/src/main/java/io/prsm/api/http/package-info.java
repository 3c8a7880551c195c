/**
 * HTTP endpoints for plugins, without servlet types: a plugin registers an
 * {@link io.prsm.api.http.Endpoint} service with the path it serves and the permission a caller
 * needs. The runtime serves it on the platform's HTTP port; the gatekeeper authenticates callers
 * by bearer token and checks the permission before the plugin is called.
 */
@Export
@Version("1.0.0")
package io.prsm.api.http;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
