/**
 * The runtime's HTTP API on the OSGi Servlet Whiteboard: plugin endpoints and the
 * administrative plugin routes, in the servlet context the gatekeeper secures.
 */
package io.prsm.runtime.http;
